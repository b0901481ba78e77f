//! The widget directive: a fenced block ```` ```widget raft nodes=5 ```` that places an
//! interactive island. Parameters are typed and validated here; the web app gets a
//! [`WidgetSpec`], and passes its [`WidgetSpec::args`] text to the browser, which parses
//! it again with [`WidgetSpec::parse`] (less code in the WebAssembly than JSON decoding).

use serde::{Deserialize, Serialize};

use crate::decision_tree::DecisionTree;
use crate::problems::{Problems, Unexplained};

/// A validated widget placement: which widget, its parameters and optional caption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WidgetSpec {
    /// The widget and its parameters (`{"widget":{"raft":{"nodes":5,...}}}`: externally
    /// tagged, which deserialises without buffering, so the browser needs less code).
    pub widget: Widget,
    /// The one-line caption written in the block's body, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// The directive as written after ```` ```widget ````, with single spaces
    /// (`raft nodes=5 seed=7`): `parse(args, caption)` gives this spec back.
    pub args: String,
}

/// Every widget the content may place, with its parameters. Parameters the author left
/// out are `None`; the widget picks its own default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Widget {
    /// Raft leader election and log replication.
    Raft(RaftParams),
    /// Conflict-free replicated data types.
    Crdt(CrdtParams),
    /// Logical clocks.
    Clocks(ClocksParams),
    /// The escalation ladder, driven by the overview's decision tree.
    Escalation(EscalationParams),
    /// CP versus AP behaviour under a partition.
    PartitionCompare(PartitionCompareParams),
    /// Leases with and without fencing tokens.
    Fencing(FencingParams),
}

/// Parameters of the `raft` widget.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaftParams {
    /// Cluster size, 3..=9.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes: Option<u8>,
    /// Random seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Starting scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<RaftPreset>,
    /// PreVote on or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevote: Option<bool>,
    /// CheckQuorum on or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkquorum: Option<bool>,
}

/// Scenarios of the `raft` widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RaftPreset {
    /// A plain election.
    NormalElection,
    /// Two candidates split the vote.
    SplitVote,
    /// The leader crashes.
    LeaderCrash,
    /// A follower falls behind.
    LaggingFollower,
    /// A partition forms and heals.
    PartitionHeal,
    /// A one-way link failure.
    AsymmetricPartition,
}

/// Parameters of the `crdt` widget.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrdtParams {
    /// Which CRDT.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub crdt_type: Option<CrdtType>,
    /// Number of replicas, 2..=5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u8>,
    /// Random seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// State-based or delta-based synchronisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync: Option<CrdtSync>,
    /// Starting scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<CrdtPreset>,
}

/// CRDT kinds of the `crdt` widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CrdtType {
    /// Grow-only counter.
    GCounter,
    /// Increment/decrement counter.
    PnCounter,
    /// Last-writer-wins register.
    LwwRegister,
    /// Observed-remove set.
    OrSet,
}

/// Synchronisation modes of the `crdt` widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CrdtSync {
    /// Whole state is shipped.
    State,
    /// Only deltas are shipped.
    Delta,
}

/// Scenarios of the `crdt` widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CrdtPreset {
    /// Replicas increment concurrently.
    ConcurrentIncrements,
    /// Concurrent add and remove of one element.
    AddRemove,
    /// Clock skew decides a last-writer-wins race.
    LwwSkew,
}

/// Parameters of the `clocks` widget.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClocksParams {
    /// Number of processes, 2..=5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processes: Option<u8>,
    /// Random seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Which clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<ClockKind>,
    /// Starting scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<ClocksPreset>,
}

/// Clock kinds of the `clocks` widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClockKind {
    /// Vector clocks.
    Vector,
    /// Lamport clocks.
    Lamport,
    /// Hybrid logical clocks.
    Hlc,
}

/// Scenarios of the `clocks` widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClocksPreset {
    /// A chain of messages.
    MessageChain,
    /// Concurrent events.
    ConcurrentEvents,
    /// Fork and join.
    ForkJoin,
}

/// Data of the `escalation` widget: it takes no parameters, the engine fills in the
/// decision tree of the skill's overview.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EscalationParams {
    /// The overview's decision tree, with resolved URLs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree: Option<DecisionTree>,
}

/// Parameters of the `partition-compare` widget.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionCompareParams {
    /// Cluster size, 3..=9.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes: Option<u8>,
    /// Random seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

/// Parameters of the `fencing` widget.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FencingParams {
    /// Fencing tokens on or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<bool>,
    /// Random seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

impl Widget {
    /// The widget's name as written in the directive (`raft`, `partition-compare`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Widget::Raft(_) => "raft",
            Widget::Crdt(_) => "crdt",
            Widget::Clocks(_) => "clocks",
            Widget::Escalation(_) => "escalation",
            Widget::PartitionCompare(_) => "partition-compare",
            Widget::Fencing(_) => "fencing",
        }
    }

    /// A human title for the widget, for placeholders and labels.
    pub fn title(&self) -> &'static str {
        match self {
            Widget::Raft(_) => "Raft simulator",
            Widget::Crdt(_) => "CRDT playground",
            Widget::Clocks(_) => "Logical clocks",
            Widget::Escalation(_) => "Escalation ladder",
            Widget::PartitionCompare(_) => "CP versus AP under a partition",
            Widget::Fencing(_) => "Fencing tokens",
        }
    }
}

impl WidgetSpec {
    /// Parses the rest of a `widget` info string (`raft nodes=5 seed=7`) and the block
    /// body (the caption). Errors are messages for the author.
    pub fn parse(args: &str, body: &str) -> Result<WidgetSpec, Vec<String>> {
        let mut errors = Vec::new();
        WidgetSpec::parse_with(args, body, &mut errors).ok_or(errors)
    }

    /// Reads back text that [`WidgetSpec::parse`] accepted (the browser re-reading what
    /// the server wrote): `None` if it does not parse, without explaining why.
    pub fn reread(args: &str, body: &str) -> Option<WidgetSpec> {
        WidgetSpec::parse_with(args, body, &mut Unexplained::default())
    }

    fn parse_with(args: &str, body: &str, errors: &mut impl Problems) -> Option<WidgetSpec> {
        let mut words = args.split_whitespace();
        let Some(name) = words.next() else {
            errors.add(0, || {
                format!(
                    "widget directive without a widget name; expected one of {}",
                    NAMES.join(", ")
                )
            });
            return None;
        };
        let mut params = Vec::new();
        for word in words {
            match word.split_once('=') {
                Some((k, v)) if !k.is_empty() && !v.is_empty() => params.push((k, v)),
                _ => errors.add(0, || {
                    format!("widget parameter `{word}` is not of the form key=value")
                }),
            }
        }
        let widget = match name {
            "raft" => Widget::Raft(parse_raft(&params, errors)),
            "crdt" => Widget::Crdt(parse_crdt(&params, errors)),
            "clocks" => Widget::Clocks(parse_clocks(&params, errors)),
            "escalation" => {
                reject_all(name, &params, errors);
                Widget::Escalation(EscalationParams::default())
            }
            "partition-compare" => Widget::PartitionCompare(parse_partition(&params, errors)),
            "fencing" => Widget::Fencing(parse_fencing(&params, errors)),
            other => {
                errors.add(0, || {
                    format!(
                        "unknown widget `{other}`; expected one of {}",
                        NAMES.join(", ")
                    )
                });
                return None;
            }
        };
        let caption = body.trim();
        if caption.lines().count() > 1 {
            errors.add(0, || "a widget caption must be a single line".to_string());
        }
        if errors.any() {
            return None;
        }
        Some(WidgetSpec {
            widget,
            caption: (!caption.is_empty()).then(|| caption.to_string()),
            args: args.split_whitespace().collect::<Vec<_>>().join(" "),
        })
    }

    /// The spec as JSON, for front ends that want it parsed (this site's island carries
    /// [`WidgetSpec::args`] instead; the golden tests record the JSON).
    pub fn to_attr_string(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A clearly labelled static stand-in for the widget, for pages rendered without
    /// the interactive island (no JS, feeds, or before the widget exists).
    pub fn placeholder_html(&self) -> String {
        let mut out = String::from("<figure class=\"widget-placeholder\" data-widget=\"");
        out.push_str(self.widget.name());
        out.push_str("\"><p><strong>Interactive widget: ");
        out.push_str(self.widget.title());
        out.push_str("</strong> (needs JavaScript and WebAssembly).</p>");
        if let Some(caption) = &self.caption {
            out.push_str("<figcaption>");
            crate::escape::push_escaped(&mut out, caption);
            out.push_str("</figcaption>");
        }
        out.push_str("</figure>");
        out
    }

    /// Reads a spec back from [`WidgetSpec::to_attr_string`]'s output.
    pub fn from_attr_string(s: &str) -> Result<WidgetSpec, serde_json::Error> {
        serde_json::from_str(s)
    }
}

/// The widget names the directive accepts.
pub const NAMES: [&str; 6] = [
    "raft",
    "crdt",
    "clocks",
    "escalation",
    "partition-compare",
    "fencing",
];

fn parse_raft(params: &[(&str, &str)], errors: &mut impl Problems) -> RaftParams {
    let mut p = RaftParams::default();
    for &(k, v) in params {
        match k {
            "nodes" => p.nodes = int_in(k, v, 3, 9, errors),
            "seed" => p.seed = seed(v, errors),
            "preset" => p.preset = choice(k, v, errors),
            "prevote" => p.prevote = on_off(k, v, errors),
            "checkquorum" => p.checkquorum = on_off(k, v, errors),
            _ => unknown(
                "raft",
                k,
                &["nodes", "seed", "preset", "prevote", "checkquorum"],
                errors,
            ),
        }
    }
    p
}

fn parse_crdt(params: &[(&str, &str)], errors: &mut impl Problems) -> CrdtParams {
    let mut p = CrdtParams::default();
    for &(k, v) in params {
        match k {
            "type" => p.crdt_type = choice(k, v, errors),
            "replicas" => p.replicas = int_in(k, v, 2, 5, errors),
            "seed" => p.seed = seed(v, errors),
            "sync" => p.sync = choice(k, v, errors),
            "preset" => p.preset = choice(k, v, errors),
            _ => unknown(
                "crdt",
                k,
                &["type", "replicas", "seed", "sync", "preset"],
                errors,
            ),
        }
    }
    p
}

fn parse_clocks(params: &[(&str, &str)], errors: &mut impl Problems) -> ClocksParams {
    let mut p = ClocksParams::default();
    for &(k, v) in params {
        match k {
            "processes" => p.processes = int_in(k, v, 2, 5, errors),
            "seed" => p.seed = seed(v, errors),
            "clock" => p.clock = choice(k, v, errors),
            "preset" => p.preset = choice(k, v, errors),
            _ => unknown(
                "clocks",
                k,
                &["processes", "seed", "clock", "preset"],
                errors,
            ),
        }
    }
    p
}

fn parse_partition(params: &[(&str, &str)], errors: &mut impl Problems) -> PartitionCompareParams {
    let mut p = PartitionCompareParams::default();
    for &(k, v) in params {
        match k {
            "nodes" => p.nodes = int_in(k, v, 3, 9, errors),
            "seed" => p.seed = seed(v, errors),
            _ => unknown("partition-compare", k, &["nodes", "seed"], errors),
        }
    }
    p
}

fn parse_fencing(params: &[(&str, &str)], errors: &mut impl Problems) -> FencingParams {
    let mut p = FencingParams::default();
    for &(k, v) in params {
        match k {
            "tokens" => p.tokens = on_off(k, v, errors),
            "seed" => p.seed = seed(v, errors),
            _ => unknown("fencing", k, &["tokens", "seed"], errors),
        }
    }
    p
}

fn reject_all(widget: &str, params: &[(&str, &str)], errors: &mut impl Problems) {
    for &(k, _) in params {
        errors.add(0, || {
            format!("widget `{widget}` takes no parameters, found `{k}`")
        });
    }
}

fn unknown(widget: &str, key: &str, known: &[&str], errors: &mut impl Problems) {
    errors.add(0, || {
        format!(
            "unknown parameter `{key}` for widget `{widget}`; expected one of {}",
            known.join(", ")
        )
    });
}

fn int_in(key: &str, value: &str, min: u8, max: u8, errors: &mut impl Problems) -> Option<u8> {
    match value.parse::<u8>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            errors.add(0, || {
                format!("`{key}={value}`: expected a whole number from {min} to {max}")
            });
            None
        }
    }
}

fn seed(value: &str, errors: &mut impl Problems) -> Option<u64> {
    match value.parse::<u64>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.add(0, || {
                format!("`seed={value}`: expected a non-negative whole number below 2^64")
            });
            None
        }
    }
}

fn on_off(key: &str, value: &str, errors: &mut impl Problems) -> Option<bool> {
    match value {
        "on" => Some(true),
        "off" => Some(false),
        _ => {
            errors.add(0, || format!("`{key}={value}`: expected `on` or `off`"));
            None
        }
    }
}

/// An enum parameter of a directive: each value and how it is written (kebab-case, as
/// serde names it too).
pub trait Keyword: Copy + PartialEq + 'static {
    /// Every value with its written form.
    const ALL: &'static [(&'static str, Self)];

    /// The value as written in a directive (`normal-election`).
    fn keyword(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map_or("", |(name, _)| name)
    }
}

impl Keyword for RaftPreset {
    const ALL: &'static [(&'static str, Self)] = &[
        ("normal-election", RaftPreset::NormalElection),
        ("split-vote", RaftPreset::SplitVote),
        ("leader-crash", RaftPreset::LeaderCrash),
        ("lagging-follower", RaftPreset::LaggingFollower),
        ("partition-heal", RaftPreset::PartitionHeal),
        ("asymmetric-partition", RaftPreset::AsymmetricPartition),
    ];
}

impl Keyword for CrdtType {
    const ALL: &'static [(&'static str, Self)] = &[
        ("g-counter", CrdtType::GCounter),
        ("pn-counter", CrdtType::PnCounter),
        ("lww-register", CrdtType::LwwRegister),
        ("or-set", CrdtType::OrSet),
    ];
}

impl Keyword for CrdtSync {
    const ALL: &'static [(&'static str, Self)] =
        &[("state", CrdtSync::State), ("delta", CrdtSync::Delta)];
}

impl Keyword for CrdtPreset {
    const ALL: &'static [(&'static str, Self)] = &[
        ("concurrent-increments", CrdtPreset::ConcurrentIncrements),
        ("add-remove", CrdtPreset::AddRemove),
        ("lww-skew", CrdtPreset::LwwSkew),
    ];
}

impl Keyword for ClockKind {
    const ALL: &'static [(&'static str, Self)] = &[
        ("vector", ClockKind::Vector),
        ("lamport", ClockKind::Lamport),
        ("hlc", ClockKind::Hlc),
    ];
}

impl Keyword for ClocksPreset {
    const ALL: &'static [(&'static str, Self)] = &[
        ("message-chain", ClocksPreset::MessageChain),
        ("concurrent-events", ClocksPreset::ConcurrentEvents),
        ("fork-join", ClocksPreset::ForkJoin),
    ];
}

/// Reads an enum parameter, listing the accepted values on error.
fn choice<T: Keyword>(key: &str, value: &str, errors: &mut impl Problems) -> Option<T> {
    let found = T::ALL.iter().find(|(name, _)| *name == value);
    if found.is_none() {
        errors.add(0, || {
            let names: Vec<String> = T::ALL.iter().map(|(name, _)| format!("`{name}`")).collect();
            format!(
                "`{key}={value}`: unknown value; expected one of {}",
                names.join(", ")
            )
        });
    }
    found.map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_raft() {
        let spec = WidgetSpec::parse(
            "raft nodes=5 seed=7 preset=asymmetric-partition prevote=off checkquorum=on",
            "Cut the link.\n",
        )
        .unwrap();
        assert_eq!(
            spec.widget,
            Widget::Raft(RaftParams {
                nodes: Some(5),
                seed: Some(7),
                preset: Some(RaftPreset::AsymmetricPartition),
                prevote: Some(false),
                checkquorum: Some(true),
            })
        );
        assert_eq!(spec.caption.as_deref(), Some("Cut the link."));
        let json = spec.to_attr_string();
        assert!(
            json.starts_with(r#"{"widget":{"raft":{"nodes":5"#),
            "{json}"
        );
        assert_eq!(WidgetSpec::from_attr_string(&json).unwrap(), spec);
        let caption = spec.caption.clone().unwrap_or_default();
        assert_eq!(WidgetSpec::parse(&spec.args, &caption).unwrap(), spec);
    }

    #[test]
    fn crdt_type_key() {
        let spec = WidgetSpec::parse("crdt type=or-set replicas=3 sync=delta", "").unwrap();
        let json = spec.to_attr_string();
        assert!(
            json.contains(r#""widget":{"crdt":{"type":"or-set""#),
            "{json}"
        );
        assert_eq!(WidgetSpec::from_attr_string(&json).unwrap(), spec);
        match spec.widget {
            Widget::Crdt(p) => assert_eq!(p.crdt_type, Some(CrdtType::OrSet)),
            other => panic!("{other:?}"),
        }
    }

    /// The written forms agree with serde's names, which the JSON form uses.
    fn keywords_match_serde<T: Keyword + Serialize>() {
        for (name, value) in T::ALL {
            assert_eq!(serde_json::to_value(value).unwrap(), *name);
            assert_eq!(value.keyword(), *name);
        }
    }

    #[test]
    fn keywords_are_serde_names() {
        keywords_match_serde::<RaftPreset>();
        keywords_match_serde::<CrdtType>();
        keywords_match_serde::<CrdtSync>();
        keywords_match_serde::<CrdtPreset>();
        keywords_match_serde::<ClockKind>();
        keywords_match_serde::<ClocksPreset>();
    }

    #[test]
    fn reread_accepts_what_parse_accepts_without_explaining_failures() {
        let spec = WidgetSpec::parse("raft  nodes=5 seed=7", "Caption.").unwrap();
        assert_eq!(spec.args, "raft nodes=5 seed=7");
        assert_eq!(WidgetSpec::reread(&spec.args, "Caption."), Some(spec));
        assert_eq!(WidgetSpec::reread("raft nodes=12", ""), None);
        assert_eq!(WidgetSpec::reread("tetris", ""), None);
        assert_eq!(WidgetSpec::reread("", ""), None);
    }

    #[test]
    fn reports_every_error() {
        let errors =
            WidgetSpec::parse("raft nodes=12 preset=nope colour=red prevote=yes", "").unwrap_err();
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors[1].contains("normal-election"), "{}", errors[1]);
        assert!(WidgetSpec::parse("tetris", "").unwrap_err()[0].contains("unknown widget"));
        assert!(WidgetSpec::parse("escalation x=1", "").is_err());
    }
}
