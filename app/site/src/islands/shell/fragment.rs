//! Share links: each widget's scenario is one `key=value` pair in the page URL's fragment
//! (`#w-<kind>-<n>=v1.…`, `&`-separated), so one link can carry several widgets.

/// The fragment pairs `key=value` of a URL fragment (without `#`); other text is ignored.
pub fn fragment_pairs(fragment: &str) -> Vec<(String, String)> {
    fragment
        .split('&')
        .filter_map(|p| p.split_once('='))
        .filter(|(k, _)| k.starts_with("w-"))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// `fragment` with `key` set to `value` (other widgets' pairs kept).
pub fn with_pair(fragment: &str, key: &str, value: &str) -> String {
    let mut pairs: Vec<(String, String)> = fragment_pairs(fragment)
        .into_iter()
        .filter(|(k, _)| k != key)
        .collect();
    pairs.push((key.to_string(), value.to_string()));
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragment_pairs_keep_other_widgets_and_ignore_anchors() {
        assert_eq!(fragment_pairs("raft"), vec![]);
        let f = with_pair("w-raft-1=v1.a&w-crdt-1=v1.b", "w-raft-1", "v1.c");
        assert_eq!(f, "w-crdt-1=v1.b&w-raft-1=v1.c");
        assert_eq!(
            with_pair("heading", "w-fencing-1", "v1.x"),
            "w-fencing-1=v1.x"
        );
        assert_eq!(
            fragment_pairs("w-raft-2=v1.x&junk&w-=&x=y"),
            vec![
                ("w-raft-2".to_string(), "v1.x".to_string()),
                ("w-".to_string(), String::new())
            ]
        );
    }
}
