//! Reading markup this crate wrote (well-formed, attribute values double-quoted and
//! escaped, no `>` inside tags): its top-level elements, their opening tags and
//! attributes. The engine compares old and new markup with it, so a redraw touches only
//! what changed without reading the page.

/// HTML elements that have no closing tag.
const VOID: [&str; 6] = ["input", "br", "img", "hr", "wbr", "col"];

/// The top-level elements of markup written by this crate; text between them is skipped
/// (see [`only_elements`]).
pub fn top_level(markup: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start, mut rest, mut at) = (0usize, 0usize, markup, 0usize);
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open..open + close + 1];
        let end = at + open + close + 1;
        if tag.starts_with("</") {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                items.push(&markup[start..end]);
            }
        } else if tag.ends_with("/>") || VOID.contains(&tag_name(tag)) {
            if depth == 0 {
                items.push(&markup[at + open..end]);
            }
        } else {
            if depth == 0 {
                start = at + open;
            }
            depth += 1;
        }
        rest = &markup[end..];
        at = end;
    }
    items
}

/// `(opening tag, rest)` of an element's markup.
pub fn split_open_tag(item: &str) -> (&str, &str) {
    let end = item.find('>').map_or(item.len(), |i| i + 1);
    item.split_at(end)
}

/// The tag name of an opening tag.
pub fn tag_name(open: &str) -> &str {
    open.trim_start_matches('<')
        .split([' ', '/', '>'])
        .next()
        .unwrap_or("")
}

/// The attributes of an opening tag as `(name, value)`, values as written (still
/// escaped); a boolean attribute has the value `""`.
pub fn attributes(open: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let body = open.trim_start_matches('<');
    let mut rest = &body[tag_name(open).len()..];
    loop {
        rest = rest.trim_start();
        if rest.is_empty() || rest.starts_with('>') || rest.starts_with("/>") {
            break;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(rest.len());
        if end == 0 {
            rest = &rest[1..];
            continue;
        }
        let name = &rest[..end];
        rest = &rest[end..];
        let mut value = "";
        if let Some(quoted) = rest.strip_prefix("=\"") {
            let Some(len) = quoted.find('"') else {
                break;
            };
            value = &quoted[..len];
            rest = &quoted[len + 1..];
        }
        out.push((name, value));
    }
    out
}

/// True when `markup` is nothing but the elements [`top_level`] found in it.
pub fn only_elements(markup: &str, items: &[&str]) -> bool {
    items.iter().map(|i| i.len()).sum::<usize>() == markup.len()
}

/// The content of an element between its opening and closing tags (empty for a void
/// or self-closing element).
pub fn inner(item: &str) -> &str {
    let (open, rest) = split_open_tag(item);
    if open.ends_with("/>") || VOID.contains(&tag_name(open)) {
        return "";
    }
    let close = rest.rfind("</").unwrap_or(rest.len());
    &rest[..close]
}

/// An attribute value as written, with this crate's escapes undone.
pub fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_elements_attributes_and_escapes() {
        let m = "<g class=\"a\" transform=\"t(1 2)\"><circle r=\"6\"/></g><circle class=\"b\"/><g><text>x</text></g>";
        let items = top_level(m);
        assert_eq!(
            items,
            vec![
                "<g class=\"a\" transform=\"t(1 2)\"><circle r=\"6\"/></g>",
                "<circle class=\"b\"/>",
                "<g><text>x</text></g>"
            ]
        );
        let (open, rest) = split_open_tag(items[0]);
        assert_eq!(tag_name(open), "g");
        assert_eq!(rest, "<circle r=\"6\"/></g>");
        assert_eq!(
            attributes(open),
            vec![("class", "a"), ("transform", "t(1 2)")]
        );
        assert_eq!(tag_name("<circle class=\"b\"/>"), "circle");
        assert_eq!(unescape("a&amp;b&lt;&quot;&#39;"), "a&b<\"'");
        assert!(top_level("").is_empty());
        let form = "<label>Seed <input type=\"number\" value=\"7\" disabled></label><select><option value=\"a\" selected>a</option></select>";
        let items = top_level(form);
        assert_eq!(items.len(), 2);
        assert!(only_elements(form, &items));
        assert!(!only_elements("x<b>y</b>", &top_level("x<b>y</b>")));
        assert_eq!(
            inner(items[0]),
            "Seed <input type=\"number\" value=\"7\" disabled>"
        );
        assert_eq!(
            top_level(inner(items[0])),
            vec!["<input type=\"number\" value=\"7\" disabled>"]
        );
        assert_eq!(
            attributes("<input type=\"number\" value=\"7\" disabled>"),
            vec![("type", "number"), ("value", "7"), ("disabled", "")]
        );
        assert_eq!(attributes("<circle r=\"6\"/>"), vec![("r", "6")]);
        assert_eq!(inner("<circle r=\"6\"/>"), "");
    }
}
