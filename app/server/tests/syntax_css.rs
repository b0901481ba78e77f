//! `style/syntax.css` is generated from the docs engine's highlighting themes; this test
//! fails when it is out of date. Regenerate with `UPDATE_SYNTAX_CSS=1 cargo test -p server --test syntax_css`.

use std::path::PathBuf;

/// Light theme by default; dark when chosen with the toggle or, without a choice,
/// when the system prefers dark.
fn expected_css() -> String {
    let toggled = docs::theme_css(":root[data-theme=\"dark\"]");
    let system = docs::theme_css(":root:not([data-theme=\"light\"])");
    let shared = toggled
        .chars()
        .zip(system.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let shared = toggled[..shared].rfind('}').map_or(0, |end| end + 1);
    let dark_by_system = &system[shared..];
    format!("{toggled}\n@media (prefers-color-scheme: dark) {{\n{dark_by_system}\n}}\n")
}

#[test]
fn syntax_css_is_up_to_date() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../style/syntax.css");
    let expected = expected_css();
    if std::env::var_os("UPDATE_SYNTAX_CSS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{} is out of date; run with UPDATE_SYNTAX_CSS=1 to regenerate",
        path.display()
    );
}
