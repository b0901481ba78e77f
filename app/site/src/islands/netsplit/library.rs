//! The registry libraries the reader can switch between, as the directive's `library=`
//! words, the select's labels and the "at heal" explanation the stage shows.

use crate::islands::registry::Keyword;
use sim::cluster::{Distribution, Library, Membership, Resolver, PRESET_PRESENCE};

/// A library as the widget offers it: `:global` with one resolver, the Horde-like registry
/// in one of its two set-ups, or presence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// `:global` with `random_exit_name` (the default resolver).
    GlobalExit,
    /// `:global` with `random_notify_name`.
    GlobalNotify,
    /// `:global` with `notify_all_name`.
    GlobalNotifyAll,
    /// Horde-like: a static member list with `UniformQuorumDistribution`.
    HordeStatic,
    /// Horde-like: `members: :auto` with `UniformDistribution`.
    HordeDynamic,
    /// Phoenix.Tracker-like presence.
    Presence,
}

impl Keyword for Shown {
    const NAMES: &'static [&'static str] = &[
        "global-exit",
        "global-notify",
        "global-notify-all",
        "horde-static",
        "horde-dynamic",
        "presence",
    ];
    const VALUES: &'static [Shown] = &[
        Shown::GlobalExit,
        Shown::GlobalNotify,
        Shown::GlobalNotifyAll,
        Shown::HordeStatic,
        Shown::HordeDynamic,
        Shown::Presence,
    ];
}

impl Shown {
    /// How `library` is offered (a shared run's Horde set-up is named by its membership).
    pub fn of(library: &Library) -> Shown {
        match library {
            Library::Global(Resolver::RandomExitName) => Shown::GlobalExit,
            Library::Global(Resolver::RandomNotifyName) => Shown::GlobalNotify,
            Library::Global(Resolver::NotifyAllName) => Shown::GlobalNotifyAll,
            Library::Horde {
                membership: Membership::Static,
                ..
            } => Shown::HordeStatic,
            Library::Horde { .. } => Shown::HordeDynamic,
            Library::Presence(_) => Shown::Presence,
        }
    }

    /// The simulation's library for this choice; `current` keeps its presence periods
    /// when it is presence already.
    pub fn library(self, current: &Library) -> Library {
        match self {
            Shown::GlobalExit => Library::Global(Resolver::RandomExitName),
            Shown::GlobalNotify => Library::Global(Resolver::RandomNotifyName),
            Shown::GlobalNotifyAll => Library::Global(Resolver::NotifyAllName),
            Shown::HordeStatic => Library::Horde {
                membership: Membership::Static,
                distribution: Distribution::UniformQuorum,
            },
            Shown::HordeDynamic => Library::Horde {
                membership: Membership::Dynamic,
                distribution: Distribution::Uniform,
            },
            Shown::Presence => match current {
                Library::Presence(p) => Library::Presence(*p),
                _ => Library::Presence(PRESET_PRESENCE),
            },
        }
    }

    /// The sim's preset that shows this library splitting and healing.
    pub fn preset(self) -> &'static str {
        match self {
            Shown::GlobalExit => "global-exit-on-heal",
            Shown::GlobalNotify => "global-notify-on-heal",
            Shown::GlobalNotifyAll => "global-notify-all-on-heal",
            Shown::HordeStatic => "horde-static-quorum-split-heal",
            Shown::HordeDynamic => "horde-dynamic-split-heal",
            Shown::Presence => "presence-split-heal",
        }
    }

    /// The select's label.
    pub fn label(self) -> &'static str {
        match self {
            Shown::GlobalExit => ":global, random_exit_name (the default)",
            Shown::GlobalNotify => ":global, random_notify_name",
            Shown::GlobalNotifyAll => ":global, notify_all_name",
            Shown::HordeStatic => "CRDT registry (Horde-like), static members and quorum",
            Shown::HordeDynamic => "CRDT registry (Horde-like), dynamic members",
            Shown::Presence => "Presence (Phoenix.Tracker-like)",
        }
    }

    /// What the library does when the two sides meet again, and why.
    pub fn at_heal(self) -> &'static str {
        match self {
            Shown::GlobalExit => {
                "At heal the name servers exchange their tables; a name bound to two pids runs \
                 the resolve function. random_exit_name keeps one pid (global orders the two by \
                 node name, so the pid on the lower node wins) and kills the other with \
                 exit(Pid, kill): \"Name conflict terminating\"."
            }
            Shown::GlobalNotify => {
                "At heal the name servers exchange their tables; a name bound to two pids runs \
                 the resolve function. random_notify_name keeps the pid on the lower node and \
                 unregisters the other, sending it {global_name_conflict, Name}: that process \
                 keeps running, without the name, until it acts on the message."
            }
            Shown::GlobalNotifyAll => {
                "At heal the name servers exchange their tables; a name bound to two pids runs \
                 the resolve function. notify_all_name unregisters the name and sends both pids \
                 {global_name_conflict, Name, OtherPid}: both keep running and nobody owns the \
                 name until one registers it again."
            }
            Shown::HordeStatic => {
                "With a fixed member list an unreachable member stays a member, marked dead, \
                 and UniformQuorumDistribution wants more than half the members alive: the \
                 minority loses quorum and stops its processes during the split, the majority \
                 restarts them. At heal the CRDTs merge with no second copy to kill."
            }
            Shown::HordeDynamic => {
                "With members: :auto each side resets its members to the nodes it still sees, \
                 so both keep quorum and the majority restarts the minority's child: the name \
                 runs on both sides. At heal the CRDTs merge, the later registration wins, and \
                 the other process gets the exit {:name_conflict, ...}."
            }
            Shown::Presence => {
                "Each node owns its entries, so nothing conflicts. A replica silent for \
                 down_period has its entries hidden; at heal the heartbeats' clocks show what \
                 each side missed and a transfer brings it: a delta, or the whole state when \
                 the delta generation no longer reaches back."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_round_trips_through_its_library_and_word() {
        for shown in Shown::VALUES {
            let library = shown.library(&Library::Presence(PRESET_PRESENCE));
            assert_eq!(Shown::of(&library), *shown);
            assert_eq!(Shown::named(shown.word()), Some(*shown));
            let preset = sim::cluster::preset(shown.preset()).expect("a sim preset");
            assert_eq!(Shown::of(&preset.config.library), *shown);
        }
    }
}
