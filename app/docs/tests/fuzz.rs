//! Rendering arbitrary Markdown never panics and always terminates.

use proptest::prelude::*;

/// Markdown-ish fragments, so the generator reaches the interesting paths.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<String>(),
        Just("# h\n".to_string()),
        Just("## Title {#id}\n".to_string()),
        Just("> [!NOTE]\n> x\n".to_string()),
        Just("```widget raft nodes=5\ncap\n```\n".to_string()),
        Just("```widget\n```\n".to_string()),
        Just("```decision-tree\nq1: a?\n  y -> r | x.md\n  n -> q1\n```\n".to_string()),
        Just("```elixir\ndefmodule A do\n".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("x[^1]\n\n[^1]: y\n".to_string()),
        Just("[l](a.md#b) [m](#c)\n".to_string()),
        Just("- `x.md`\n  - [ ] t\n".to_string()),
        Just("\n".to_string()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn rendering_never_panics(md in markdownish()) {
        let (segments, _problems) = docs::render_markdown(&md, &docs::NoWidgets);
        prop_assert!(segments.len() <= md.len() + 1);
    }

    #[test]
    fn search_never_panics(q in any::<String>()) {
        let index = docs::SearchIndex::build(Vec::new());
        prop_assert!(index.search(&q, 10).is_empty());
    }
}
