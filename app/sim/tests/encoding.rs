//! Scenario text encoding: round trips, clear errors, and no panic on hostile input.

use proptest::prelude::*;
use sim::raft::Raft;
use sim::raft::{preset, RaftBugs, RaftSim};
use sim::sim::{decode, encode};

#[test]
fn encoding_round_trips_and_stays_url_safe() {
    for name in sim::raft::PRESETS {
        let s = preset(name, 7).unwrap();
        let text = encode::<Raft>(&s);
        assert!(text.starts_with("v1."));
        assert!(text[3..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(decode::<Raft>(&text).unwrap(), s);
    }
}

/// Every combination of the "break it" switches survives a link, and a link made before
/// `skip_noop` existed (its first flag byte 0 or 1) still decodes with it off.
#[test]
fn raft_bug_switches_round_trip_and_older_links_still_decode() {
    for flags in 0..8u8 {
        let mut s = preset("leader-crash", 5).unwrap();
        s.config.bugs = RaftBugs {
            vote_without_log_check: flags & 1 != 0,
            commit_old_term_by_counting: flags & 2 != 0,
            skip_noop: flags & 4 != 0,
        };
        assert_eq!(decode::<Raft>(&encode::<Raft>(&s)).unwrap(), s);
    }
    let mut s = preset("leader-crash", 5).unwrap();
    s.config.bugs.vote_without_log_check = true;
    // Its bug bytes are 1, 0: the earlier layout's two flags (vote bug on, counting off).
    let before_skip_noop = "v1.AQEFlgGsAjIAAAAKHgAAAQAEAAEIAQAArAIIAAAA2AQAAADcCwEAAI1e";
    assert_eq!(
        decode::<Raft>(before_skip_noop).map(|d| d.config.bugs),
        Ok(s.config.bugs)
    );
}

#[test]
fn damaged_text_gets_a_clear_message() {
    let text = encode::<Raft>(&preset("partition-heal", 5).unwrap());
    let e = decode::<Raft>("v2.AAAA").unwrap_err();
    assert!(e.to_string().contains("version-1"), "{e}");
    let mid = text.len() / 2;
    let flipped = if &text[mid..=mid] == "A" { "B" } else { "A" };
    let damaged = format!("{}{flipped}{}", &text[..mid], &text[mid + 1..]);
    let e = decode::<Raft>(&damaged).unwrap_err();
    assert!(e.to_string().contains("checksum"), "{e}");
    let e = decode::<Raft>("v1.ab$d").unwrap_err();
    assert!(e.to_string().contains("'$'"), "{e}");
    let e = RaftSim::from_encoded("hello").unwrap_err();
    assert!(e.to_string().starts_with("invalid scenario"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn decode_never_panics_on_arbitrary_text(text in ".{0,200}") {
        let _ = decode::<Raft>(&text);
        let _ = decode::<Raft>(&format!("v1.{text}"));
    }

    #[test]
    fn decode_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        // Valid version prefix and checksum, arbitrary body: exercises the binary reader.
        let mut body = bytes.clone();
        body.extend_from_slice(&sim::wire::checksum(&bytes).to_le_bytes());
        let text = format!("v1.{}", sim::wire::to_base64url(&body));
        if let Ok(s) = decode::<Raft>(&text) {
            prop_assert!(RaftSim::new(s).is_ok());
        }
    }

    #[test]
    fn base64url_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
        let text = sim::wire::to_base64url(&bytes);
        prop_assert_eq!(sim::wire::from_base64url(&text).unwrap(), bytes);
    }
}

/// Every protocol has its own tag: a link made for one can never decode as another.
#[test]
fn protocol_tags_are_unique() {
    use sim::Protocol;
    let tags = [
        ("raft", Raft::TAG),
        ("crdt", sim::crdt::Crdt::TAG),
        ("clocks", sim::clocks::Clocks::TAG),
        ("fencing", sim::fencing::Fencing::TAG),
        ("cluster", sim::cluster::Cluster::TAG),
        ("overlay", sim::overlay::Overlay::TAG),
    ];
    for (i, (name, tag)) in tags.iter().enumerate() {
        for (other, other_tag) in &tags[..i] {
            assert_ne!(tag, other_tag, "{name} and {other} share tag {tag}");
        }
    }
}
