//! What each library does at heal, as the widget runs it, on every drawn size.

use super::*;
use crate::islands::registry::args;
use crate::islands::shell::Timeline;
use sim::cluster::{Exit, Process};

/// The `worker` processes after the split and heal of `library` on `nodes` nodes.
fn after_heal(library: &str, nodes: usize) -> (NetsplitModel, Vec<Process>) {
    let mut m = NetsplitModel::new(&args(&format!("netsplit library={library} nodes={nodes}")));
    m.run_mut().run_until(25_000);
    assert!(
        m.sim().all_invariants_hold(),
        "{library} {nodes}: {:?}",
        m.run().badges()
    );
    let procs = m.sim().view().processes;
    (m, procs)
}

fn names_held(m: &NetsplitModel) -> Vec<String> {
    let v = m.sim().view();
    v.nodes
        .iter()
        .flat_map(|n| n.names.iter().map(|(k, _)| k.clone()))
        .collect()
}

#[test]
fn each_resolver_does_what_global_documents() {
    for nodes in SIZES {
        let (_, p) = after_heal("global-exit", nodes);
        assert_eq!(p.len(), 2, "{nodes}: {p:?}");
        assert_eq!(
            p.iter().filter(|p| p.exit == Some(Exit::Killed)).count(),
            1,
            "{p:?}"
        );
        assert_eq!(p.iter().filter(|p| p.alive()).count(), 1, "{p:?}");

        let (m, p) = after_heal("global-notify", nodes);
        assert!(p.iter().all(Process::alive), "{p:?}");
        assert_eq!(
            p.iter().filter(|p| p.conflict_messages == 1).count(),
            1,
            "{p:?}"
        );
        assert_eq!(
            names_held(&m).len(),
            nodes,
            "every node maps worker to the kept pid"
        );

        let (m, p) = after_heal("global-notify-all", nodes);
        assert!(
            p.iter().all(|p| p.alive() && p.conflict_messages == 1),
            "{p:?}"
        );
        assert!(names_held(&m).is_empty(), "{:?}", names_held(&m));
    }
}

#[test]
fn the_crdt_registry_kills_a_duplicate_at_heal_or_stops_the_minority_at_split() {
    for nodes in SIZES {
        let (_, p) = after_heal("horde-dynamic", nodes);
        let conflicts = p
            .iter()
            .filter(|p| matches!(p.exit, Some(Exit::NameConflict { .. })))
            .count();
        assert_eq!(conflicts, 1, "{nodes}: {p:?}");
        assert_eq!(p.iter().filter(|p| p.alive()).count(), 1, "{p:?}");

        let (_, p) = after_heal("horde-static", nodes);
        assert!(
            p.iter().any(|p| p.exit == Some(Exit::QuorumLost)),
            "{nodes}: {p:?}"
        );
        assert!(p
            .iter()
            .all(|p| !matches!(p.exit, Some(Exit::NameConflict { .. }))));
        assert_eq!(p.iter().filter(|p| p.alive()).count(), 1, "{p:?}");
    }
}

#[test]
fn a_share_link_restores_the_run_and_bad_ones_are_refused() {
    let mut m = NetsplitModel::new(&args("netsplit library=horde-dynamic nodes=7 seed=4"));
    m.act(Act::Pick, "6");
    m.act(Act::Start, "");
    m.run_mut().run_until(5_000);
    let text = m.run().encode();
    let mut other = NetsplitModel::new(&Args::default());
    other.decode(&text).unwrap();
    assert_eq!(other.sim().view(), m.sim().view());
    assert_eq!(other.nodes(), 7);
    assert_eq!(other.shown(), Shown::HordeDynamic);
    assert!(other.decode("v1.AAAA").is_err());
    assert!(other.decode("<script>").is_err());
}

#[test]
fn library_and_size_restart_with_the_same_actions_and_break_it_fails_a_badge() {
    let mut m = NetsplitModel::new(&args("netsplit preset=presence-split-heal"));
    assert_eq!(m.act(Act::Library, "global-exit"), Reply::Changed(Ok(())));
    assert_eq!(m.shown(), Shown::GlobalExit);
    assert_eq!(m.act(Act::Size, "3"), Reply::Changed(Ok(())));
    assert_eq!(m.nodes(), 3);
    assert_eq!(m.act(Act::Size, "9"), Reply::Ignored);
    let mut broken = m.choice();
    broken.broken = true;
    broken.preset = "global-exit-on-heal".into();
    m.rebuild(&broken);
    m.run_mut().run_until(25_000);
    assert!(
        !m.sim().all_invariants_hold(),
        "skip_resolve leaves two owners"
    );
}

#[test]
fn nodes_and_links_are_picked_by_clicking_them_in_the_drawing() {
    let mut m = NetsplitModel::new(&args("netsplit nodes=5"));
    let mut html = String::new();
    m.stage(0.0, true, &mut html);
    assert!(html.contains(" data-act=\"node\" data-arg=\"3\""), "{html}");
    assert!(
        html.contains(" data-act=\"link\" data-arg=\"1-4\""),
        "{html}"
    );
    assert_eq!(m.act(Act::Node(3), ""), Reply::Redraw);
    assert_eq!(m.picked(), 3);
    assert_eq!(m.act(Act::Link(Pair(1, 4)), ""), Reply::Redraw);
    assert_eq!(m.link(), (1, 4));
    assert_eq!(m.act(Act::Node(5), ""), Reply::Ignored, "past the cluster");
    assert_eq!(m.act(Act::Link(Pair(1, 5)), ""), Reply::Ignored);
    // The pick is what the node and link buttons then act on.
    assert_eq!(m.act(Act::CutOne, ""), Reply::Changed(Ok(())));
    assert_eq!(m.sim().view().cut_links, vec![(1, 4)]);
}
