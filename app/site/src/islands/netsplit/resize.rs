//! A preset's schedule on another cluster size. The presets are written for 3 or 5 nodes;
//! on `new` nodes, node `i` stands in for the preset's node `i * old / new` (rounded
//! down), so a partition keeps its proportions (3 | 2 of 5 becomes 5 | 2 of 7) and an
//! action on the preset's node `k` happens on the first node standing in for `k`.

use sim::cluster::ClusterAction;
use sim::{Action, NodeId, Timed};

/// The preset node that node `i` of `new` stands in for.
fn stands_for(i: NodeId, old: usize, new: usize) -> NodeId {
    i * old / new
}

/// The first node of `new` standing in for node `k` of `old`.
fn first_for(k: NodeId, old: usize, new: usize) -> NodeId {
    (k * new).div_ceil(old).min(new - 1)
}

/// `actions`, written for `old` nodes, on `new` nodes (both at least 1).
pub fn resize(
    actions: &[Timed<ClusterAction>],
    old: usize,
    new: usize,
) -> Vec<Timed<ClusterAction>> {
    let node = |k: NodeId| first_for(k, old, new);
    actions
        .iter()
        .map(|t| {
            let action = match &t.action {
                Action::Crash { node: k } => Action::Crash { node: node(*k) },
                Action::Restart { node: k } => Action::Restart { node: node(*k) },
                Action::Pause { node: k } => Action::Pause { node: node(*k) },
                Action::Resume { node: k } => Action::Resume { node: node(*k) },
                Action::Cut { from, to } => Action::Cut {
                    from: node(*from),
                    to: node(*to),
                },
                Action::CutBoth { a, b } => Action::CutBoth {
                    a: node(*a),
                    b: node(*b),
                },
                Action::Heal => Action::Heal,
                Action::Partition { groups } => Action::Partition {
                    groups: groups
                        .iter()
                        .map(|g| {
                            (0..new)
                                .filter(|i| g.contains(&stands_for(*i, old, new)))
                                .collect()
                        })
                        .collect(),
                },
                Action::Protocol(a) => Action::Protocol(match a {
                    ClusterAction::Connect { from, to } => ClusterAction::Connect {
                        from: node(*from),
                        to: node(*to),
                    },
                    ClusterAction::Start { node: k, name } => ClusterAction::Start {
                        node: node(*k),
                        name: name.clone(),
                    },
                    ClusterAction::Stop { node: k, name } => ClusterAction::Stop {
                        node: node(*k),
                        name: name.clone(),
                    },
                }),
            };
            Timed {
                trigger: t.trigger,
                action,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_keeps_its_proportions_and_actions_land_on_their_side() {
        let split = Timed::at(
            1,
            Action::Partition {
                groups: vec![vec![0, 1, 2], vec![3, 4]],
            },
        );
        let start = Timed::at(
            2,
            Action::Protocol(ClusterAction::Start {
                node: 3,
                name: "w".into(),
            }),
        );
        let seven = resize(&[split.clone(), start.clone()], 5, 7);
        assert_eq!(
            seven[0].action,
            Action::Partition {
                groups: vec![vec![0, 1, 2, 3, 4], vec![5, 6]]
            }
        );
        assert_eq!(
            seven[1].action,
            Action::Protocol(ClusterAction::Start {
                node: 5,
                name: "w".into()
            })
        );
        let three = resize(&[split, start], 5, 3);
        assert_eq!(
            three[0].action,
            Action::Partition {
                groups: vec![vec![0, 1], vec![2]]
            }
        );
        assert_eq!(
            three[1].action,
            Action::Protocol(ClusterAction::Start {
                node: 2,
                name: "w".into()
            })
        );
        for old in 1..=7 {
            for new in old..=7 {
                for k in 0..old {
                    assert_eq!(stands_for(first_for(k, old, new), old, new), k);
                }
            }
        }
    }
}
