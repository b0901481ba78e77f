//! Short fuzz runs (proptest over arbitrary bytes, on stable) of the two parsers that take
//! untrusted text: the Markdown pipeline and the widgets' share-link decoder. Any input
//! renders or errors, never panics or hangs. Inputs under `tests/fuzz-corpus/` (found
//! interesting once, or regressions) are replayed on every run; proptest records new
//! failures in `proptest-regressions/`, which are committed too.

use proptest::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Longest any single input may take: far above normal (microseconds to milliseconds).
const PER_INPUT: Duration = Duration::from_secs(2);

fn corpus(kind: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-corpus")
        .join(kind);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| (path.display().to_string(), std::fs::read(&path).unwrap()))
        .collect()
}

fn render(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let started = Instant::now();
    let _ = docs::render_markdown(&text, &docs::NoWidgets);
    assert!(
        started.elapsed() < PER_INPUT,
        "rendering took {:?}",
        started.elapsed()
    );
}

/// Decodes `text` for every protocol; a scenario that decodes is also started and run a
/// little, since a decoded link drives the simulation in the browser.
fn decode(text: &str) {
    fn one<P: sim::Protocol>(text: &str) {
        let started = Instant::now();
        if let Ok(mut run) = sim::Sim::<P>::from_encoded(text) {
            for _ in 0..200 {
                if !run.step() {
                    break;
                }
            }
        }
        assert!(
            started.elapsed() < PER_INPUT,
            "decoding took {:?}",
            started.elapsed()
        );
    }
    one::<sim::raft::Raft>(text);
    one::<sim::crdt::Crdt>(text);
    one::<sim::clocks::Clocks>(text);
    one::<sim::fencing::Fencing>(text);
    one::<sim::cluster::Cluster>(text);
}

/// Wraps `payload` the way share links are made (tag, body, checksum, base64url), so that
/// fuzzing reaches the field decoders behind the checksum.
fn share_link(tag: u8, payload: &[u8]) -> String {
    let mut bytes = vec![tag];
    bytes.extend_from_slice(payload);
    let sum = sim::wire::checksum(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    format!(
        "{}{}",
        sim::wire::VERSION_PREFIX,
        sim::wire::to_base64url(&bytes)
    )
}

#[test]
fn markdown_corpus_renders() {
    for (name, bytes) in corpus("markdown") {
        eprintln!("{name}");
        render(&bytes);
    }
}

#[test]
fn share_link_corpus_decodes_or_errors() {
    for (name, bytes) in corpus("share-links") {
        eprintln!("{name}");
        for line in String::from_utf8_lossy(&bytes).lines() {
            decode(line);
        }
    }
}

/// Markdown-flavoured tokens, so random inputs hit tables, fences, lists, links and widgets.
fn markdown_token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("# ".to_owned()),
        Just("### ".to_owned()),
        Just("| a | b |\n|---|:-:|\n".to_owned()),
        Just("| ".to_owned()),
        Just("```".to_owned()),
        Just("```rust\n".to_owned()),
        Just("```widget raft nodes=5\n".to_owned()),
        Just("```decision\n".to_owned()),
        Just("- ".to_owned()),
        Just("1. ".to_owned()),
        Just("> ".to_owned()),
        Just("[link](".to_owned()),
        Just("](#".to_owned()),
        Just("![img](x.png)".to_owned()),
        Just("<div>".to_owned()),
        Just("</div>".to_owned()),
        Just("<script>".to_owned()),
        Just("*".to_owned()),
        Just("_".to_owned()),
        Just("`".to_owned()),
        Just("[^1]".to_owned()),
        Just("---\n".to_owned()),
        Just("    ".to_owned()),
        Just("\t".to_owned()),
        Just("&amp;".to_owned()),
        "[a-zA-Z0-9 =.:/-]{0,12}",
        any::<char>().prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_render_or_error(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        render(&bytes);
    }

    #[test]
    fn markdown_shaped_input_renders(tokens in proptest::collection::vec(markdown_token(), 0..120)) {
        render(tokens.concat().as_bytes());
    }

    #[test]
    fn arbitrary_text_is_not_a_share_link(text in any::<String>()) {
        decode(&text);
        decode(&format!("{}{text}", sim::wire::VERSION_PREFIX));
    }

    #[test]
    fn checksummed_garbage_decodes_or_errors(
        tag in 1u8..=5,
        payload in proptest::collection::vec(any::<u8>(), 0..256),
    ) {
        decode(&share_link(tag, &payload));
    }

    #[test]
    fn damaged_real_links_decode_or_error(
        preset in 0usize..sim::raft::PRESETS.len(),
        cut in any::<prop::sample::Index>(),
        flip in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let link = sim::raft::RaftSim::preset(sim::raft::PRESETS[preset], 7)
            .expect("presets start")
            .encode();
        decode(&link[..cut.index(link.len() + 1).min(link.len())]);
        let mut bytes = link.into_bytes();
        let at = flip.index(bytes.len());
        bytes[at] ^= 1 << bit;
        decode(&String::from_utf8_lossy(&bytes));
    }
}
