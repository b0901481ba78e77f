//! Every widget the content may place, defined once: its name, title, typed parameters
//! (the presets among them), "break it" label and constructor. The docs engine checks directives through
//! [`Registry`] (a [`docs::WidgetCatalog`]); the server and the browser read a directive
//! with the same table ([`Entry::read`]).
//!
//! A new widget is a folder under `islands/` whose `mod.rs` defines an [`Entry`] (most
//! fields come from its [`Widget`](super::shell::Widget) impl), plus one line in
//! [`WIDGETS`]; docs/authoring.md has the recipe.

#[cfg(not(feature = "hydrate"))]
use super::shell::tour;
use super::shell::Mount;
use docs::problems::Problems;
use docs::Directive;

/// The widgets, in the order docs/authoring.md lists them. A browser module built with
/// the `bundle` feature carries the code of the `widget-*` features it names only (see
/// [`Entry::in_bundle`]); every other build carries all of them.
pub const WIDGETS: &[Entry] = &[
    super::raft::ENTRY.in_bundle(cfg!(feature = "widget-raft")),
    super::crdt::ENTRY.in_bundle(cfg!(feature = "widget-crdt")),
    super::clocks::ENTRY.in_bundle(cfg!(feature = "widget-clocks")),
    super::escalation::ENTRY.in_bundle(cfg!(feature = "widget-escalation")),
    super::partition_compare::ENTRY.in_bundle(cfg!(feature = "widget-partition-compare")),
    super::fencing::ENTRY.in_bundle(cfg!(feature = "widget-fencing")),
    super::overlay::ENTRY.in_bundle(cfg!(feature = "widget-overlay")),
    super::netsplit::ENTRY.in_bundle(cfg!(feature = "widget-netsplit")),
];

/// One widget kind.
pub struct Entry {
    /// The name written in the directive and in `data-widget` (`raft`).
    pub name: &'static str,
    /// Shown above the stage.
    pub title: &'static str,
    /// What the directive may set.
    pub params: &'static [Param],
    /// The "break it" switch's label (empty: none).
    pub break_label: &'static str,
    /// How the widget is built.
    pub build: Build,
}

/// How an [`Entry`] builds its widget.
#[derive(Clone, Copy)]
pub enum Build {
    /// A simulation, from the directive's checked arguments (see [`sim_build!`]).
    Sim(Sim),
    /// A walk through its skill's decision tree, from the tree's resolved source (the
    /// docs engine attaches it to the directive).
    Tree(fn(&str, Option<String>) -> Mount),
    /// Not carried by this browser module (see [`Entry::in_bundle`]).
    Absent,
}

/// A simulation widget's constructors. Each is the widget's own function: one shared
/// function taking the model would keep the shell in a browser module that carries no
/// simulation (the escalation guide's grew from 41,092 to 63,768 bytes brotli).
#[derive(Clone, Copy)]
pub struct Sim {
    /// Mounts the widget for checked arguments, with its caption and its tour's steps
    /// (one step's words per line; empty for a plain widget).
    pub mount: fn(&Args, Option<String>, &str) -> Mount,
    /// The model alone, for the server's tour checks and snapshots.
    #[cfg(not(feature = "hydrate"))]
    pub model: fn(&Args) -> Box<dyn super::shell::AnyWidget>,
}

/// The [`Build::Sim`] of a model type with a `new(&Args)` constructor.
macro_rules! sim_build {
    ($model:ty) => {
        $crate::islands::registry::Build::Sim($crate::islands::registry::Sim {
            mount: |args, caption, tour| {
                $crate::islands::shell::mount(Box::new(<$model>::new(args)), caption, tour)
            },
            #[cfg(not(feature = "hydrate"))]
            model: |args| Box::new(<$model>::new(args)),
        })
    };
}
pub(crate) use sim_build;

/// A parameter a directive may set.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// As written: `nodes=5`.
    pub key: &'static str,
    /// Its type.
    pub kind: Kind,
}

/// The type of a parameter.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A whole number in `min..=max`.
    Int {
        /// Smallest accepted.
        min: u8,
        /// Largest accepted.
        max: u8,
    },
    /// A random seed (any `u64`).
    Seed,
    /// `on` or `off`.
    OnOff,
    /// One of these words.
    OneOf(&'static [&'static str]),
}

impl Param {
    /// `key` is a whole number in `min..=max`.
    pub const fn int(key: &'static str, min: u8, max: u8) -> Param {
        Param {
            key,
            kind: Kind::Int { min, max },
        }
    }
    /// `key` is `on` or `off`.
    pub const fn on_off(key: &'static str) -> Param {
        Param {
            key,
            kind: Kind::OnOff,
        }
    }
    /// `key` is one of `words`.
    pub const fn one_of(key: &'static str, words: &'static [&'static str]) -> Param {
        Param {
            key,
            kind: Kind::OneOf(words),
        }
    }
    /// `seed`.
    pub const SEED: Param = Param {
        key: "seed",
        kind: Kind::Seed,
    };
}

/// A checked value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Value {
    Int(u8),
    Seed(u64),
    On(bool),
    Word(&'static str),
}

/// A directive's checked parameters; what the author left out reads as `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Args {
    values: Vec<(&'static str, Value)>,
}

impl Args {
    fn get(&self, key: &str) -> Option<Value> {
        self.values.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }
    /// An [`Kind::Int`] parameter.
    pub fn int(&self, key: &str) -> Option<u8> {
        match self.get(key)? {
            Value::Int(n) => Some(n),
            _ => None,
        }
    }
    /// The seed.
    pub fn seed(&self) -> Option<u64> {
        match self.get("seed")? {
            Value::Seed(n) => Some(n),
            _ => None,
        }
    }
    /// An [`Kind::OnOff`] parameter.
    pub fn on(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::On(on) => Some(on),
            _ => None,
        }
    }
    /// A [`Kind::OneOf`] parameter.
    pub fn word(&self, key: &str) -> Option<&'static str> {
        match self.get(key)? {
            Value::Word(w) => Some(w),
            _ => None,
        }
    }
    /// A [`Kind::OneOf`] parameter read as the value it names.
    pub fn keyword<T: Keyword>(&self, key: &str) -> Option<T> {
        T::named(self.word(key)?)
    }
}

/// A parameter's words and the values they name, in the same order.
pub trait Keyword: Copy + 'static {
    /// The words.
    const NAMES: &'static [&'static str];
    /// The values.
    const VALUES: &'static [Self];
    /// A word per value: checked when the compiler builds [`Keyword::named`] for an impl,
    /// so two lists that drift apart fail to compile rather than read a word as absent.
    const PAIRED: () = assert!(
        Self::NAMES.len() == Self::VALUES.len(),
        "a Keyword impl's NAMES and VALUES differ in length"
    );

    /// The value `name` names.
    fn named(name: &str) -> Option<Self> {
        let () = Self::PAIRED;
        let i = Self::NAMES.iter().position(|n| *n == name)?;
        Some(Self::VALUES[i])
    }

    /// The word that names this value.
    fn word(self) -> &'static str
    where
        Self: PartialEq,
    {
        let () = Self::PAIRED;
        let i = Self::VALUES.iter().position(|v| *v == self);
        i.map_or("", |i| Self::NAMES[i])
    }
}

/// The entry for `name`.
pub fn find(name: &str) -> Option<&'static Entry> {
    WIDGETS.iter().find(|e| e.name == name)
}

impl Entry {
    /// This entry in a build that carries its code if `carried`. In a `bundle` build
    /// that does not, it keeps its name but mounts nothing (the server's figure stays as
    /// drawn), so nothing refers to its model and the linker drops the model and its
    /// simulation. Its title, break-it label and parameters go too: a directive that then
    /// reads as unknown mounts the same nothing (the browser keeps the server's figure).
    /// The page's loader never picks such a module for it.
    const fn in_bundle(self, carried: bool) -> Entry {
        if carried || !cfg!(feature = "bundle") {
            self
        } else {
            Entry {
                title: "",
                params: &[],
                break_label: "",
                build: Build::Absent,
                ..self
            }
        }
    }

    /// Builds the widget for checked `args` and `caption`; `tree` is the decision tree's
    /// resolved source, which only a [`Build::Tree`] reads, and `tour` a tour's steps
    /// (one step's words per line; empty for a plain widget), which only a
    /// [`Build::Sim`] takes.
    pub fn mount(&self, args: &Args, caption: Option<String>, tree: &str, tour: &str) -> Mount {
        match self.build {
            Build::Sim(sim) => (sim.mount)(args, caption, tour),
            Build::Tree(build) => build(tree, caption),
            Build::Absent => super::widget::unusable(&[]),
        }
    }

    /// Checks `params` against this widget's table; every problem goes to `errors`.
    pub fn read(&self, params: &[(&str, &str)], errors: &mut impl Problems) -> Args {
        let mut args = Args::default();
        for &(key, text) in params {
            let Some(param) = self.params.iter().find(|p| p.key == key) else {
                errors.add(0, || {
                    let keys: Vec<&str> = self.params.iter().map(|p| p.key).collect();
                    if keys.is_empty() {
                        format!("widget `{}` takes no parameters, found `{key}`", self.name)
                    } else {
                        format!(
                            "unknown parameter `{key}` for widget `{}`; expected one of {}",
                            self.name,
                            keys.join(", ")
                        )
                    }
                });
                continue;
            };
            match param.kind.read(text) {
                Some(value) => args.values.push((param.key, value)),
                None => errors.add(0, || param.kind.explain(key, text)),
            }
        }
        args
    }
}

impl Kind {
    fn read(self, text: &str) -> Option<Value> {
        match self {
            Kind::Int { min, max } => text
                .parse::<u8>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .map(Value::Int),
            Kind::Seed => text.parse().ok().map(Value::Seed),
            Kind::OnOff => match text {
                "on" => Some(Value::On(true)),
                "off" => Some(Value::On(false)),
                _ => None,
            },
            Kind::OneOf(words) => words.iter().find(|w| **w == text).map(|w| Value::Word(w)),
        }
    }

    /// Why `key=text` is refused, for the author.
    fn explain(self, key: &str, text: &str) -> String {
        match self {
            Kind::Int { min, max } => {
                format!("`{key}={text}`: expected a whole number from {min} to {max}")
            }
            Kind::Seed => {
                format!("`{key}={text}`: expected a non-negative whole number below 2^64")
            }
            Kind::OnOff => format!("`{key}={text}`: expected `on` or `off`"),
            Kind::OneOf(words) => {
                let words: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
                format!(
                    "`{key}={text}`: unknown value; expected one of {}",
                    words.join(", ")
                )
            }
        }
    }
}

/// Reads a directive's words (`raft nodes=5`): its entry and checked arguments, or
/// `None` with every problem in `problems` (messages on the server, none in the
/// browser, which re-reads what the server checked).
pub fn read(args: &str, problems: &mut impl Problems) -> Option<(&'static Entry, Args)> {
    read_directive(&Directive::split(args, problems)?, problems)
}

fn read_directive(
    directive: &Directive<'_>,
    problems: &mut impl Problems,
) -> Option<(&'static Entry, Args)> {
    let Some(entry) = find(directive.name) else {
        problems.add(0, || {
            let names: Vec<&str> = WIDGETS.iter().map(|e| e.name).collect();
            format!(
                "unknown widget `{}`; expected one of {}",
                directive.name,
                names.join(", ")
            )
        });
        return None;
    };
    let args = entry.read(&directive.params, problems);
    (!problems.any()).then_some((entry, args))
}

/// The checked arguments of a directive known to be good (tests).
#[cfg(test)]
pub fn args(text: &str) -> Args {
    let mut errors: Vec<String> = Vec::new();
    match read(text, &mut errors) {
        Some((_, args)) => args,
        None => panic!("`{text}`: {errors:?}"),
    }
}

/// The registry as the docs engine's widget catalog.
#[cfg(not(feature = "hydrate"))]
pub struct Registry;

#[cfg(not(feature = "hydrate"))]
impl docs::WidgetCatalog for Registry {
    fn check(&self, directive: &Directive<'_>, errors: &mut Vec<String>) {
        read_directive(directive, errors);
    }
    fn wants_decision_tree(&self, name: &str) -> bool {
        find(name).is_some_and(|e| matches!(e.build, Build::Tree(_)))
    }
    fn check_tour(
        &self,
        directive: &Directive<'_>,
        steps: &[&str],
        errors: &mut Vec<(usize, String)>,
    ) -> Vec<String> {
        let mut problems: Vec<String> = Vec::new();
        let Some((entry, args)) = read_directive(directive, &mut problems) else {
            return Vec::new(); // `check` reports the directive's problems
        };
        let Build::Sim(sim) = entry.build else {
            errors.push((
                0,
                format!("widget `{}` has no simulation to tour", entry.name),
            ));
            return Vec::new();
        };
        let mut parsed = Vec::new();
        for (i, words) in steps.iter().enumerate() {
            match tour::Step::parse(words) {
                Ok(step) => parsed.push(step),
                Err(e) => errors.push((i, e)),
            }
        }
        if !errors.is_empty() {
            return Vec::new();
        }
        let (shots, problems) = tour::check((sim.model)(&args).as_mut(), &parsed);
        errors.extend(problems);
        shots
    }
}

#[cfg(test)]
mod tests;
