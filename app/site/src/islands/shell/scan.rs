//! Reading markup this crate wrote (well-formed, attribute values double-quoted and
//! escaped): its top-level elements, their opening tags and attributes. The engine uses
//! it to update moving parts without reading the page.

/// The top-level elements of markup written by this crate (no text between them).
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
        } else if tag.ends_with("/>") {
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

/// The `name="value"` pairs of an opening tag (values as written, still escaped).
pub fn attributes(open: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = &open[1 + tag_name(open).len()..];
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].trim();
        let value_start = eq + 2;
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        out.push((name, &rest[value_start..value_start + len]));
        rest = &rest[value_start + len + 1..];
    }
    out
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
    }
}
