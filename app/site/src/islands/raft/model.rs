//! The Raft widget's model: a `RaftSim` plus the reader's choices.

use super::runs::RaftRuns;
use super::{panel, stage, terms};
use crate::islands::registry::Args;
use crate::islands::shell::action::{actions, Pair};
use crate::islands::shell::timeline::decode_sim;
use crate::islands::shell::{Choice, Paint, Reply, Widget};
use sim::raft::{self, RaftAction, RaftScenario, RaftSim, RaftView};
use sim::{Action, NodeId, Sim, Timed, Trigger};

/// The preset used when none is given or a name is unknown.
const DEFAULT_PRESET: &str = "normal-election";

/// A Raft run and the choices it was built from.
pub struct RaftModel {
    runs: RaftRuns,
    /// A second run beside the first, PreVote and CheckQuorum the other way.
    twin: bool,
    nodes: usize,
    choice: Choice,
    options: Options,
    /// The node the reader picked (its actions are offered).
    selected: Option<usize>,
    /// The link the reader picked: from, to.
    link: (usize, usize),
    /// The menu open in the drawing, beside what the reader clicked.
    menu: Option<Menu>,
}

/// The cluster options the reader can switch (the run restarts with the same actions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// PreVote (dissertation sec. 9.6).
    pub pre_vote: bool,
    /// CheckQuorum (sec. 6.2, 9.6).
    pub check_quorum: bool,
    /// A new leader appends a no-op entry (paper sec. 8). Off, entries of earlier terms
    /// wait for a client's command, which is what Figure 8 needs.
    pub noop: bool,
}

impl Options {
    fn of(config: &raft::RaftConfig) -> Options {
        Options {
            pre_vote: config.pre_vote,
            check_quorum: config.check_quorum,
            noop: !config.bugs.skip_noop,
        }
    }

    fn set(self, config: &mut raft::RaftConfig) {
        config.pre_vote = self.pre_vote;
        config.check_quorum = self.check_quorum;
        config.bugs.skip_noop = !self.noop;
    }
}

/// A menu in the drawing: a node's actions, or a link's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    /// Crash or restart, force a timeout, send a client request.
    Node(usize),
    /// Cut it either way or both ways, heal.
    Link(usize, usize),
}

/// The cluster size drawn for a requested size: 3, 5 or 7.
fn drawn_size(requested: Option<u8>) -> usize {
    match requested.unwrap_or(5) {
        0..=3 => 3,
        4..=5 => 5,
        _ => 7,
    }
}

fn at(time: u64, action: Action<RaftAction>) -> Timed<RaftAction> {
    Timed {
        trigger: Trigger::AtTime(time),
        action,
    }
}

/// "Break it": nodes vote without the log check. The schedule commits an entry on a bare
/// majority while the rest are cut off, crashes the leader and heals; a stale node then
/// wins an election without the committed entry (Leader Completeness fails).
pub fn broken_scenario(nodes: usize, seed: u64) -> RaftScenario {
    let majority = nodes / 2 + 1;
    let mut config = raft::RaftConfig {
        nodes,
        ..raft::RaftConfig::default()
    };
    config.bugs.vote_without_log_check = true;
    let timeout = |node| Action::Protocol(RaftAction::Timeout { node });
    RaftScenario {
        seed,
        config,
        actions: vec![
            at(1, timeout(0)),
            at(
                100,
                Action::Partition {
                    groups: vec![(0..majority).collect(), (majority..nodes).collect()],
                },
            ),
            at(150, Action::Protocol(RaftAction::ClientRequest { node: 0 })),
            at(400, Action::Crash { node: 0 }),
            at(400, Action::Heal),
            at(420, timeout(nodes - 1)),
        ],
        step: 0,
    }
}

impl RaftModel {
    /// The model for a widget placed with `args` (see [`super::ENTRY`]).
    pub fn new(args: &Args) -> Self {
        let preset = args.word("preset").unwrap_or(DEFAULT_PRESET);
        let nodes = drawn_size(args.int("nodes"));
        let defaults = raft::preset(preset, nodes)
            .map(|s| s.config)
            .unwrap_or_default();
        let mut model = RaftModel {
            runs: RaftRuns::new(fallback(nodes), false),
            twin: args.on("twin").unwrap_or(false),
            nodes,
            choice: Choice {
                preset: preset.to_string(),
                seed: args.seed().unwrap_or(1),
                broken: false,
            },
            options: Options {
                pre_vote: args.on("prevote").unwrap_or(defaults.pre_vote),
                check_quorum: args.on("checkquorum").unwrap_or(defaults.check_quorum),
                noop: args.on("noop").unwrap_or(!defaults.bugs.skip_noop),
            },
            selected: None,
            link: (0, 1),
            menu: None,
        };
        let choice = model.choice.clone();
        model.rebuild(&choice);
        model
    }

    /// The cluster at the current step.
    pub fn view(&self) -> RaftView {
        self.runs.main().view()
    }

    /// The simulation.
    pub fn sim(&self) -> &RaftSim {
        self.runs.main()
    }

    /// The twin run, if the widget draws one.
    pub fn twin(&self) -> Option<&RaftSim> {
        self.runs.twin()
    }

    /// The cluster options as currently configured.
    pub fn options(&self) -> Options {
        self.options
    }

    /// Switches cluster options: the run restarts with the same actions.
    pub fn set_options(&mut self, options: Options) -> Result<(), String> {
        self.options = options;
        let mut scenario = self.sim().scenario();
        options.set(&mut scenario.config);
        scenario.step = 0;
        self.runs = RaftRuns::new(Sim::new(scenario).map_err(|e| e.0)?, self.twin);
        Ok(())
    }

    /// Cluster size.
    pub fn nodes(&self) -> usize {
        self.nodes
    }

    /// Changes the cluster size (3, 5 or 7): the current preset restarts at step 0.
    pub fn set_nodes(&mut self, nodes: usize) {
        self.nodes = drawn_size(u8::try_from(nodes).ok());
        let choice = self.choice.clone();
        self.rebuild(&choice);
        self.forget_missing_nodes();
    }

    /// The node the reader picked.
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// The link the reader picked: from, to.
    pub fn link(&self) -> (usize, usize) {
        self.link
    }

    /// The menu open in the drawing, if any.
    pub fn menu(&self) -> Option<Menu> {
        self.menu
    }

    /// The node "One-way" cuts off: the picked one, else n3.
    pub fn one_way_victim(&self) -> usize {
        self.selected.unwrap_or(2.min(self.nodes - 1))
    }

    /// Drops picks of nodes the cluster no longer has.
    fn forget_missing_nodes(&mut self) {
        let n = self.nodes;
        self.selected = self.selected.filter(|i| *i < n);
        if self.link.0 >= n || self.link.1 >= n {
            self.link = (0, 1);
        }
        self.menu = self.menu.filter(|m| match *m {
            Menu::Node(i) => i < n,
            Menu::Link(a, b) => a < n && b < n,
        });
    }

    /// Cuts off the current leader from everyone else.
    fn isolate_leader(&mut self) -> Result<(), String> {
        let leader = self.leader().ok_or("there is no leader right now")?;
        let rest = (0..self.nodes).filter(|i| *i != leader).collect();
        self.apply(Action::Partition {
            groups: vec![vec![leader], rest],
        })
    }

    /// Splits the cluster into a minority (the first nodes) and a majority.
    fn split(&mut self) -> Result<(), String> {
        let n = self.nodes;
        self.apply(Action::Partition {
            groups: vec![(0..n / 2).collect(), (n / 2..n).collect()],
        })
    }

    /// Cuts every link into the victim node, one way: it hears nobody, all hear it.
    fn one_way(&mut self) -> Result<(), String> {
        let victim = self.one_way_victim();
        for from in (0..self.nodes).filter(|f| *f != victim) {
            self.apply(Action::Cut { from, to: victim })?;
        }
        Ok(())
    }

    /// Applies a reader's action at the current step.
    pub fn apply(&mut self, action: Action<RaftAction>) -> Result<(), String> {
        self.runs.apply(action)
    }

    /// The up node leading the highest term, if any.
    pub fn leader(&self) -> Option<NodeId> {
        self.view().leader()
    }
}

/// A plain run of `nodes` nodes with the default timing.
fn fallback(nodes: usize) -> RaftSim {
    let scenario = RaftScenario {
        seed: 1,
        config: raft::RaftConfig {
            nodes: nodes.clamp(3, 9),
            ..raft::RaftConfig::default()
        },
        actions: Vec::new(),
        step: 0,
    };
    Sim::new(scenario).expect("the default Raft configuration is valid for 3 to 9 nodes")
}

actions! {
    /// What the reader can do to the cluster.
    pub enum Act {
        /// Pick a node (its button, or the node in the drawing).
        Node(usize) = "node",
        /// Pick a link by clicking it in the drawing.
        Link(Pair) = "link",
        /// The picked link's first end, from its select.
        LinkFrom = "link-from",
        /// The picked link's second end, from its select.
        LinkTo = "link-to",
        /// Crash a node.
        Crash(usize) = "crash",
        /// Restart a crashed node.
        Restart(usize) = "restart",
        /// Make a node's election timer fire now.
        Timeout(usize) = "timeout",
        /// A client sends a command to a node.
        Request(usize) = "request",
        /// Close the menu in the drawing.
        CloseMenu = "close-menu",
        /// Cut a link one way, from the first node to the second (the link's menu).
        Cut(Pair) = "cut",
        /// Cut a link both ways (the link's menu).
        CutPair(Pair) = "cut-pair",
        /// Cut the picked link one way.
        CutOne = "cut-one",
        /// Cut the picked link both ways.
        CutBoth = "cut-both",
        /// Heal every link.
        Heal = "heal",
        /// Cut the leader off from everyone.
        IsolateLeader = "isolate-leader",
        /// Split into a minority and a majority.
        Split = "split",
        /// Nobody reaches one node, which still reaches everyone.
        OneWay = "one-way",
        /// The cluster size, from its select (the run restarts).
        Size = "size",
        /// The PreVote switch.
        PreVote = "prevote",
        /// The CheckQuorum switch.
        CheckQuorum = "checkquorum",
        /// The leader no-op switch.
        Noop = "noop",
    }
}

impl Widget for RaftModel {
    type Run = RaftRuns;
    type Action = Act;
    const KIND: &'static str = "raft";
    const TITLE: &'static str = "Raft simulator";
    const PRESETS: &'static [&'static str] = raft::PRESETS;
    const BREAK_LABEL: &'static str =
        "Break it: votes granted without the log check (restarts with a schedule that exposes it)";
    const BASE_SPEED: f64 = 0.04;

    fn run(&self) -> &RaftRuns {
        &self.runs
    }
    fn run_mut(&mut self) -> &mut RaftRuns {
        &mut self.runs
    }
    fn choice(&self) -> Choice {
        self.choice.clone()
    }
    fn rebuild(&mut self, choice: &Choice) {
        let name = if raft::PRESETS.contains(&choice.preset.as_str()) {
            choice.preset.as_str()
        } else {
            DEFAULT_PRESET
        };
        // A newly chosen preset brings its own options, shown on the switches, so that
        // its story never depends on what the reader switched for the one before.
        let new_preset = name != self.choice.preset;
        self.choice = Choice {
            preset: name.to_string(),
            ..choice.clone()
        };
        let scenario = if choice.broken {
            let s = broken_scenario(self.nodes, choice.seed);
            self.options = Options::of(&s.config);
            Some(s)
        } else {
            raft::preset(name, self.nodes).map(|mut s| {
                s.seed = choice.seed;
                if new_preset {
                    self.options = Options::of(&s.config);
                }
                self.options.set(&mut s.config);
                s
            })
        };
        let sim = scenario
            .and_then(|s| Sim::new(s).ok())
            .unwrap_or_else(|| fallback(self.nodes));
        self.runs = RaftRuns::new(sim, self.twin);
    }
    fn decode(&mut self, text: &str) -> Result<(), String> {
        let sim: RaftSim = decode_sim(text)?;
        let config = sim.state().config().clone();
        self.nodes = config.nodes;
        self.options = Options::of(&config);
        self.choice.seed = sim.scenario().seed;
        self.choice.broken =
            config.bugs.vote_without_log_check || config.bugs.commit_old_term_by_counting;
        self.runs = RaftRuns::new(sim, self.twin);
        self.forget_missing_nodes();
        Ok(())
    }

    fn stage(&self, _clock: f64, _live: bool, out: &mut String) {
        stage::stage(self, out);
    }

    fn paint(&self, clock: f64, paint: &mut Paint) {
        stage::paint(self, clock, paint);
    }

    fn tools(&self, live: bool, out: &mut String) {
        match self.twin() {
            Some(twin) => {
                terms::sparkline(self.sim(), Some(&stage::extensions(self.sim())), out);
                terms::sparkline(twin, Some(&stage::extensions(twin)), out);
            }
            None => terms::sparkline(self.sim(), None, out),
        }
        stage::log_table(&self.view(), out);
        panel::panel(self, live, out);
    }

    /// `leader` (the up leader of the highest term, or `none`), `leaders` (how many up
    /// nodes think they lead), `term` (the highest), `committed` (the highest commit
    /// index), and per node `role-n3`, `term-n3`, `log-n3` (entries), `committed-n3` and
    /// `terms-n3` (each entry's term, `1,1,2`; `none` for an empty log). With a twin, also
    /// `twin-leader` and `twin-term`.
    #[cfg(not(feature = "hydrate"))]
    fn facts(&self) -> Vec<(String, String)> {
        use crate::islands::shell::ring::name;
        let view = self.view();
        let up = || {
            view.nodes
                .iter()
                .filter(|n| n.status == sim::NodeStatus::Up)
        };
        let mut facts = vec![
            (
                "leader".to_string(),
                view.leader().map_or("none".into(), name),
            ),
            ("leaders".to_string(), view.leaders().count().to_string()),
            (
                "term".to_string(),
                up().map(|n| n.term).max().unwrap_or(0).to_string(),
            ),
            (
                "committed".to_string(),
                up().map(|n| n.commit_index).max().unwrap_or(0).to_string(),
            ),
        ];
        if let Some(twin) = self.twin().map(|t| t.view()) {
            let term = twin.nodes.iter().map(|n| n.term).max().unwrap_or(0);
            facts.push((
                "twin-leader".into(),
                twin.leader().map_or("none".into(), name),
            ));
            facts.push(("twin-term".into(), term.to_string()));
        }
        for n in &view.nodes {
            let id = name(n.id);
            facts.push((
                format!("role-{id}"),
                stage::role_word(n.status, n.role).to_string(),
            ));
            facts.push((format!("term-{id}"), n.term.to_string()));
            facts.push((format!("log-{id}"), n.log.len().to_string()));
            facts.push((format!("committed-{id}"), n.commit_index.to_string()));
            let terms: Vec<String> = n.log.iter().map(|e| e.term.to_string()).collect();
            facts.push((
                format!("terms-{id}"),
                if terms.is_empty() {
                    "none".into()
                } else {
                    terms.join(",")
                },
            ));
        }
        facts
    }

    fn act(&mut self, act: Act, value: &str) -> Reply {
        let n = self.nodes;
        let picked = value.parse::<usize>().ok().filter(|i| *i < n);
        let on = value == "true";
        let changed = |r: Result<(), String>| Reply::Changed(r);
        match act {
            Act::Node(i) if i < n => {
                self.selected = Some(i);
                self.menu = Some(Menu::Node(i));
                Reply::Redraw
            }
            Act::Link(Pair(a, b)) if a < n && b < n => {
                self.link = (a, b);
                self.menu = Some(Menu::Link(a, b));
                Reply::Redraw
            }
            Act::CloseMenu => {
                self.menu = None;
                Reply::Redraw
            }
            Act::Cut(Pair(from, to)) if from < n && to < n && from != to => {
                changed(self.apply(Action::Cut { from, to }))
            }
            Act::CutPair(Pair(a, b)) if a < n && b < n && a != b => {
                changed(self.apply(Action::CutBoth { a, b }))
            }
            Act::LinkFrom => picked.map_or(Reply::Ignored, |i| {
                self.link.0 = i;
                Reply::Redraw
            }),
            Act::LinkTo => picked.map_or(Reply::Ignored, |i| {
                self.link.1 = i;
                Reply::Redraw
            }),
            Act::Crash(node) if node < n => changed(self.apply(Action::Crash { node })),
            Act::Restart(node) if node < n => changed(self.apply(Action::Restart { node })),
            Act::Timeout(node) if node < n => {
                changed(self.apply(Action::Protocol(RaftAction::Timeout { node })))
            }
            Act::Request(node) if node < n => {
                changed(self.apply(Action::Protocol(RaftAction::ClientRequest { node })))
            }
            Act::CutOne => match self.link {
                (from, to) if from != to => changed(self.apply(Action::Cut { from, to })),
                _ => Reply::Ignored,
            },
            Act::CutBoth => match self.link {
                (a, b) if a != b => changed(self.apply(Action::CutBoth { a, b })),
                _ => Reply::Ignored,
            },
            Act::Heal => changed(self.apply(Action::Heal)),
            Act::IsolateLeader => changed(self.isolate_leader()),
            Act::Split => changed(self.split()),
            Act::OneWay => changed(self.one_way()),
            Act::Size => match value.parse::<usize>() {
                Ok(n) => {
                    self.set_nodes(n);
                    changed(Ok(()))
                }
                Err(_) => Reply::Ignored,
            },
            Act::PreVote => changed(self.set_options(Options {
                pre_vote: on,
                ..self.options
            })),
            Act::CheckQuorum => changed(self.set_options(Options {
                check_quorum: on,
                ..self.options
            })),
            Act::Noop => changed(self.set_options(Options {
                noop: on,
                ..self.options
            })),
            // An index past the cluster (a stale control after the size changed).
            _ => Reply::Ignored,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::islands::shell::action::Action as _;
    use crate::islands::shell::timeline::Timeline;
    use sim::raft::Role;

    #[test]
    fn break_it_loses_leader_completeness_for_every_drawn_size() {
        for nodes in [3, 5, 7] {
            let mut sim = RaftSim::new(broken_scenario(nodes, 1)).unwrap();
            sim.run_until(2_000);
            assert!(
                !sim.all_invariants_hold(),
                "{nodes} nodes: the bug was not exposed"
            );
            let mut fixed = broken_scenario(nodes, 1);
            fixed.config.bugs.vote_without_log_check = false;
            let mut sim = RaftSim::new(fixed).unwrap();
            sim.run_until(2_000);
            assert!(
                sim.all_invariants_hold(),
                "{nodes} nodes: fails without the bug"
            );
        }
    }

    #[test]
    fn default_model_elects_one_leader_and_decodes_its_own_link() {
        let mut m = RaftModel::new(&Args::default());
        m.run_mut().run_until(1_000);
        let leaders = m
            .view()
            .nodes
            .iter()
            .filter(|n| n.role == Role::Leader)
            .count();
        assert_eq!(leaders, 1);
        let text = m.sim().encode();
        let mut other = RaftModel::new(&Args::default());
        other.decode(&text).unwrap();
        assert_eq!(other.view(), m.view());
        assert!(other.decode("v1.AAAA").is_err());
        assert!(other.decode("<script>").is_err());
    }

    #[test]
    fn the_event_log_folds_heartbeats_and_keeps_what_matters() {
        use crate::islands::shell::timeline::Timeline;
        let mut m = RaftModel::new(&Args::default());
        m.run_mut().run_until(4_000);
        let run: &dyn Timeline = m.run();
        let lines = run.recent_lines(40);
        let folded: Vec<&str> = lines
            .iter()
            .map(|l| l.text.as_str())
            .filter(|t| t.contains("heartbeat events folded"))
            .collect();
        assert!(
            !folded.is_empty(),
            "a steady leader's heartbeats are folded"
        );
        // A run of heartbeat-only steps is listed line by line only when it holds fewer
        // than three events (a fold would be as long).
        let now = run.current_step();
        let run_events = |s: u64| {
            let (mut a, mut b) = (s, s);
            while a > 1 && run.routine_events(a - 1) > 0 {
                a -= 1;
            }
            while b < now && run.routine_events(b + 1) > 0 {
                b += 1;
            }
            (a..=b).map(|k| run.routine_events(k)).sum::<usize>()
        };
        for l in lines.iter().filter(|l| !l.text.contains("folded")) {
            if run.routine_events(l.step) > 0 {
                assert!(run_events(l.step) < 3, "{l:?}");
            }
        }
        // Folding hides no state change: every step that is not routine is listed (the
        // oldest step shown may be cut short by the line limit).
        let oldest = lines.last().unwrap().step;
        for step in oldest + 1..=run.current_step() {
            if run.routine_events(step) == 0 {
                for text in run.describe_step(step) {
                    assert!(
                        lines.iter().any(|l| l.step == step && l.text == text),
                        "{text}"
                    );
                }
            }
        }
        // The trace itself still holds every heartbeat.
        let plain = m.sim().describe_until_now();
        assert!(plain.iter().any(|t| t.contains("heartbeat (term")));
    }

    #[test]
    fn clicking_a_node_or_a_link_opens_its_menu_under_the_drawing() {
        let mut m = RaftModel::new(&Args::default());
        m.run_mut().run_until(1_000);
        let drawn = |m: &RaftModel| {
            let mut out = String::new();
            stage::stage(m, &mut out);
            out
        };
        assert!(!drawn(&m).contains("stage-menu"), "no menu until a click");

        m.act(Act::Node(2), "");
        let html = drawn(&m);
        assert!(html.contains("aria-label=\"n3, follower\""), "{html}");
        for action in [Act::Crash(2), Act::Timeout(2), Act::Request(2)] {
            assert!(
                html.contains(&action.attrs().to_string()),
                "{action:?} in the menu"
            );
        }
        m.act(Act::Crash(2), "");
        assert!(
            drawn(&m).contains(&Act::Restart(2).attrs().to_string()),
            "a crashed node offers Restart"
        );

        m.act(Act::Link(Pair(0, 3)), "");
        let html = drawn(&m);
        assert!(html.contains(">n1–n4, up:"), "{html}");
        assert!(
            html.contains("link link-picked"),
            "the picked link is drawn thicker"
        );
        m.act(Act::Cut(Pair(3, 0)), "");
        assert_eq!(
            m.view().cut_links,
            vec![(3, 0)],
            "cut one way, as the button says"
        );
        assert!(drawn(&m).contains(">n1–n4, cut the other way:"));
        m.act(Act::CutPair(Pair(0, 3)), "");
        assert!(drawn(&m).contains(">n1–n4, cut both ways:"));

        m.act(Act::CloseMenu, "");
        assert!(!drawn(&m).contains("stage-menu"));
        // A smaller cluster closes a menu on a node it no longer has.
        m.act(Act::Node(4), "");
        m.act(Act::Size, "3");
        assert!(!drawn(&m).contains("stage-menu"));
    }

    #[test]
    fn the_leader_no_op_is_a_visible_switch_a_directive_can_set() {
        use crate::islands::registry;
        let noop_of = |m: &RaftModel| !m.sim().state().config().bugs.skip_noop;
        let default = RaftModel::new(&registry::args("raft nodes=5"));
        assert!(default.options().noop && noop_of(&default));
        let mut m = RaftModel::new(&registry::args("raft nodes=5 noop=off"));
        assert!(!m.options().noop && !noop_of(&m));
        let mut panel = String::new();
        panel::panel(&m, true, &mut panel);
        assert!(panel.contains(&format!(
            "<input type=\"checkbox\"{}> Leader no-op",
            Act::Noop.attrs()
        )));

        m.act(Act::Timeout(0), "");
        m.run_mut().run_until(300);
        assert_eq!(
            m.view().nodes[0].log.len(),
            0,
            "no no-op after the election"
        );
        m.act(Act::Noop, "true");
        assert!(m.options().noop && noop_of(&m));
        m.run_mut().run_until(300);
        assert_eq!(
            m.view().nodes[0].log.len(),
            1,
            "the run restarts with the same timeout, and the leader appends its no-op"
        );
        let mut other = RaftModel::new(&registry::args("raft nodes=5"));
        other.act(Act::Noop, "false");
        other.decode(&m.sim().encode()).unwrap();
        assert!(other.options().noop, "a shared link carries the switch");
    }

    #[test]
    fn a_preset_brings_its_options_onto_the_switches() {
        use crate::islands::registry;
        let mut m = RaftModel::new(&registry::args("raft nodes=5 preset=normal-election"));
        m.act(Act::CheckQuorum, "true");
        let choose = |m: &mut RaftModel, preset: &str| {
            let choice = Choice {
                preset: preset.into(),
                ..m.choice()
            };
            m.rebuild(&choice);
        };
        choose(&mut m, "lagging-follower");
        let lagging = m.options();
        assert!(
            lagging.pre_vote,
            "lagging-follower runs with PreVote, and says so"
        );
        assert!(
            !lagging.check_quorum,
            "not with the switch the reader left on before"
        );
        assert!(m.sim().state().config().pre_vote);
        m.act(Act::PreVote, "false");
        let reseeded = Choice {
            seed: 9,
            ..m.choice()
        };
        m.rebuild(&reseeded);
        assert!(
            !m.options().pre_vote,
            "a new seed keeps the reader's switches"
        );
        choose(&mut m, "normal-election");
        assert_eq!(m.options(), Options::of(&raft::RaftConfig::default()));
    }

    #[test]
    fn a_twin_plays_beside_the_run_with_the_extensions_the_other_way() {
        use crate::islands::registry;
        let mut m = RaftModel::new(&registry::args(
            "raft nodes=5 preset=asymmetric-partition prevote=off checkquorum=off twin=on",
        ));
        let top = |sim: &RaftSim| sim.view().nodes.iter().map(|n| n.term).max().unwrap();
        m.run_mut().run_until(2_500);
        let twin = m.twin().expect("twin=on draws a twin");
        let now = m.sim().now();
        assert!(
            twin.now() <= now && twin.next_time().is_none_or(|t| t > now),
            "one clock for both: the twin is at its last step up to {now} ms"
        );
        assert!(twin.state().config().pre_vote && twin.state().config().check_quorum);
        assert!(
            top(m.sim()) >= 8,
            "without the extensions the term inflates"
        );
        assert_eq!(
            (top(twin), twin.view().leader()),
            (1, Some(0)),
            "with them n1 keeps leading"
        );

        let mut html = String::new();
        m.stage(0.0, true, &mut html);
        assert_eq!(html.matches("<svg class=\"stage raft-stage\"").count(), 2);
        assert!(
            html.contains("<b>PreVote and CheckQuorum on</b>: term 1, n1 leads"),
            "{html}"
        );
        assert_eq!(
            html.matches(&Act::Node(0).attrs().to_string()).count(),
            1,
            "only the reader's run is clickable"
        );

        m.act(Act::Crash(0), "");
        let crashed = |sim: &RaftSim| sim.view().nodes[0].status == sim::NodeStatus::Crashed;
        assert!(
            crashed(m.sim()) && crashed(m.twin().unwrap()),
            "a reader's action hits both"
        );
        m.run_mut().run_until(3_200);
        let before = m.twin().unwrap().view();

        let mut shared = RaftModel::new(&registry::args("raft nodes=5 twin=on"));
        shared.decode(&m.sim().encode()).unwrap();
        assert_eq!(
            shared.twin().unwrap().view(),
            before,
            "a shared link rebuilds the twin"
        );

        m.run_mut().seek(10);
        assert!(
            m.twin().unwrap().now() <= m.sim().now(),
            "scrubbing back takes the twin back"
        );
    }
}
