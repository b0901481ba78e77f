//! Fencing: a paused client's stale write lands without tokens and is rejected with them.

use sim::fencing::{FencingSim, CLIENT_1, CLIENT_2};
use sim::Protocol;

fn run(tokens: bool) -> FencingSim {
    let mut s = sim::fencing::Fencing::preset("paused-client").unwrap();
    s.config.tokens = tokens;
    let mut sim = FencingSim::new(s).unwrap();
    sim.run_until(3_000);
    sim
}

#[test]
fn without_tokens_the_stale_write_lands_and_the_checker_says_so() {
    let sim = run(false);
    let (_, state) = sim.view();
    let late = state.writes.iter().find(|w| w.client == CLIENT_1).unwrap();
    assert!(late.accepted && late.stale);
    assert!(state
        .writes
        .iter()
        .any(|w| w.client == CLIENT_2 && w.accepted));
    let status = &sim.invariants()[0];
    assert!(status.violated_at.is_some(), "{status:?}");
}

#[test]
fn with_tokens_storage_rejects_the_stale_write() {
    let sim = run(true);
    let (_, state) = sim.view();
    let late = state.writes.iter().find(|w| w.client == CLIENT_1).unwrap();
    assert!(!late.accepted, "token 1 is older than token 2");
    assert_eq!(state.storage_token, 2);
    assert!(sim.all_invariants_hold());
    assert!(sim
        .describe_until_now()
        .iter()
        .any(|l| l.contains("rejects n2's write: token 1 is older than 2")));
}

/// Work longer than the lease: client 1's late write reaches storage before client 2's
/// first write. Its token is still the newest storage has seen, so fencing accepts it:
/// the window fencing alone does not close, shown as such and not as a broken guarantee.
#[test]
fn a_late_write_before_the_new_holders_first_is_the_window_fencing_leaves_open() {
    let mut s = sim::fencing::Fencing::preset("paused-client").unwrap();
    s.config.work_ms = 800;
    s.actions.retain(|t| {
        !matches!(
            t.action,
            sim::Action::Pause { .. } | sim::Action::Resume { .. }
        )
    });
    let mut sim = FencingSim::new(s).unwrap();
    sim.run_until(3_000);
    let (_, state) = sim.view();
    let late = state.writes.iter().find(|w| w.client == CLIENT_1).unwrap();
    assert!(
        late.accepted && late.stale && !late.below_newest,
        "{late:?}"
    );
    assert!(sim.all_invariants_hold(), "{:?}", sim.invariants());
    assert!(sim
        .describe_until_now()
        .iter()
        .any(|l| l.contains("accepts n2's write with token 1 from an expired lease")));
}

/// The pause length is the reader's to choose: within the lease nothing goes wrong;
/// past the lease but before the new holder writes, fencing cannot tell; past the new
/// holder's write, fencing rejects the late write.
#[test]
fn the_pause_length_decides_what_becomes_of_the_late_write() {
    use sim::fencing::{pause_of, paused_client, DEFAULT_PAUSE_MS};
    let preset = sim::fencing::Fencing::preset("paused-client").unwrap();
    assert_eq!(pause_of(&preset), Some(DEFAULT_PAUSE_MS));
    // (pause, client 1's write accepted, stale, written before client 2's)
    for (pause, accepted, stale, first) in [
        (200, true, false, true),
        (600, true, true, true),
        (1_100, false, true, false),
    ] {
        let scenario = paused_client(pause);
        assert_eq!(pause_of(&scenario), Some(pause));
        let mut sim = FencingSim::new(scenario).unwrap();
        sim.run_until(3_000);
        let (_, state) = sim.view();
        let late = state
            .writes
            .iter()
            .position(|w| w.client == CLIENT_1)
            .unwrap();
        let w = &state.writes[late];
        assert_eq!(
            (w.accepted, w.stale),
            (accepted, stale),
            "pause {pause}: {w:?}"
        );
        assert_eq!(late == 0, first, "pause {pause}: {:?}", state.writes);
        assert!(sim.all_invariants_hold(), "pause {pause}: tokens are on");
    }
}
