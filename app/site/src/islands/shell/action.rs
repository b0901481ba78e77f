//! A widget's reader actions as a typed enum. [`actions!`] declares the enum from one
//! table (variant, optional argument, `data-act` name), and from the same table writes a
//! value into markup ([`Action::attrs`]: ` data-act="…" data-arg="…"`) and reads an
//! element's attributes back ([`Action::read`]), so the two cannot drift apart. The
//! control's value (a select's option, a checkbox's state) is what the reader typed, not
//! part of the action: the widget's `act` receives it beside the action.

use crate::islands::registry::Keyword;
use std::fmt;

/// What an action carries in `data-arg`.
pub trait Arg: Sized {
    /// Writes the argument as `data-arg`'s text.
    fn write(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    /// The argument `text` stands for, if it reads.
    fn read(text: &str) -> Option<Self>;
}

/// A node, lane or button index.
impl Arg for usize {
    fn write(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
    fn read(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

/// A parameter's value, written as the word that names it (`lamport`).
impl<K: Keyword + PartialEq> Arg for K {
    fn write(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
    fn read(text: &str) -> Option<Self> {
        K::named(text)
    }
}

/// Two indices, written `a-b`: a link, or a message's sender and receiver.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair(pub usize, pub usize);

impl Arg for Pair {
    fn write(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.0, self.1)
    }
    fn read(text: &str) -> Option<Self> {
        let (a, b) = text.split_once('-')?;
        Some(Pair(a.parse().ok()?, b.parse().ok()?))
    }
}

/// A widget's own actions. Implemented by [`actions!`], never by hand.
pub trait Action: Sized {
    /// Every `data-act` name, in declaration order.
    const NAMES: &'static [&'static str];
    /// Writes ` data-act="NAME"`, and ` data-arg="…"` for a variant with an argument.
    fn write_attrs(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    /// The action an element's `data-act` and `data-arg` stand for; `None` for a name
    /// this widget does not have or an argument that does not read.
    fn read(act: &str, arg: &str) -> Option<Self>;
    /// This action as attributes, to interpolate into an element's start tag.
    fn attrs(&self) -> Attrs<'_, Self> {
        Attrs(self)
    }
}

/// An [`Action`] displayed as the attributes that name it.
pub struct Attrs<'a, A>(&'a A);

impl<A: Action> fmt::Display for Attrs<'_, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_attrs(f)
    }
}

/// The `data-act` names the shell keeps for its control bar and share row.
pub const SHELL_NAMES: &[&str] = &[
    "play", "back", "forward", "reset", "speed", "seek", "preset", "seed", "break", "share", "tour",
];

/// True if no two of `names` are equal and, when `shell`, none is one of
/// [`SHELL_NAMES`]. Evaluated by the compiler for every [`actions!`] table.
pub const fn distinct(names: &[&str], shell: bool) -> bool {
    let mut i = 0;
    while i < names.len() {
        let mut j = i + 1;
        while j < names.len() {
            if same(names[i], names[j]) {
                return false;
            }
            j += 1;
        }
        let mut k = 0;
        while shell && k < SHELL_NAMES.len() {
            if same(names[i], SHELL_NAMES[k]) {
                return false;
            }
            k += 1;
        }
        i += 1;
    }
    true
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Declares a widget's action enum and implements [`Action`] for it from one table:
///
/// ```ignore
/// actions! {
///     /// What the reader can do to the cluster.
///     pub enum Act {
///         /// Crash a node.
///         Crash(usize) = "crash",
///         /// Heal every link.
///         Heal = "heal",
///     }
/// }
/// ```
///
/// A variant has no argument or one whose type is an [`Arg`]. Two variants with the same
/// name, or a name the shell keeps ([`SHELL_NAMES`]), fail to compile; write
/// `actions! { standalone ... }` for a widget outside the shell (the escalation guide),
/// which may use the shell's names.
macro_rules! actions {
    (@enum $shell:literal $(#[$meta:meta])* $vis:vis enum $name:ident {
        $( $(#[$vmeta:meta])* $variant:ident $(($arg:ty))? = $act:literal ),* $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant $(($arg))? ),*
        }

        const _: () = assert!(
            $crate::islands::shell::action::distinct(
                <$name as $crate::islands::shell::action::Action>::NAMES,
                $shell,
            ),
            "two actions share a data-act name, or one takes a name the shell keeps"
        );

        impl $crate::islands::shell::action::Action for $name {
            const NAMES: &'static [&'static str] = &[$($act),*];

            fn write_attrs(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let _ = &f;
                $( $crate::islands::shell::action::actions!(@write self f $name $variant $act $($arg)?); )*
                Ok(())
            }

            fn read(act: &str, arg: &str) -> Option<Self> {
                let _ = arg;
                match act {
                    $( $act => $crate::islands::shell::action::actions!(@read arg $name $variant $($arg)?), )*
                    _ => None,
                }
            }
        }
    };
    (@write $s:ident $f:ident $name:ident $variant:ident $act:literal $arg:ty) => {
        if let $name::$variant(value) = $s {
            $f.write_str(concat!(" data-act=\"", $act, "\" data-arg=\""))?;
            <$arg as $crate::islands::shell::action::Arg>::write(value, $f)?;
            return $f.write_str("\"");
        }
    };
    (@write $s:ident $f:ident $name:ident $variant:ident $act:literal) => {
        if let $name::$variant = $s {
            return $f.write_str(concat!(" data-act=\"", $act, "\""));
        }
    };
    (@read $text:ident $name:ident $variant:ident $arg:ty) => {
        <$arg as $crate::islands::shell::action::Arg>::read($text).map($name::$variant)
    };
    (@read $text:ident $name:ident $variant:ident) => {
        Some($name::$variant)
    };
    (standalone $($table:tt)*) => { $crate::islands::shell::action::actions!(@enum false $($table)*); };
    ($($table:tt)*) => { $crate::islands::shell::action::actions!(@enum true $($table)*); };
}

pub(crate) use actions;

actions! {
    /// The actions of a widget whose only controls are the shell's.
    pub enum NoAction {}
}

#[cfg(test)]
mod tests {
    use super::{distinct, Action, Pair};

    actions! {
        /// Test actions.
        enum Act {
            /// A unit action.
            Heal = "heal",
            /// An index.
            Crash(usize) = "crash",
            /// Two indices.
            Cut(Pair) = "cut",
        }
    }

    #[test]
    fn every_action_reads_back_from_the_attributes_it_writes() {
        for act in [Act::Heal, Act::Crash(3), Act::Cut(Pair(0, 12))] {
            let attrs = act.attrs().to_string();
            let name = attrs
                .split("data-act=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap();
            let arg = attrs
                .split("data-arg=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("");
            assert_eq!(Act::read(name, arg), Some(act), "{attrs}");
        }
        assert_eq!(
            Act::Cut(Pair(1, 2)).attrs().to_string(),
            " data-act=\"cut\" data-arg=\"1-2\""
        );
        assert_eq!(Act::Heal.attrs().to_string(), " data-act=\"heal\"");
    }

    #[test]
    fn unknown_names_and_unreadable_arguments_are_refused() {
        assert_eq!(Act::read("split", ""), None);
        assert_eq!(Act::read("crash", "n1"), None);
        assert_eq!(Act::read("cut", "1"), None);
        assert_eq!(Act::read("cut", "1-x"), None);
        assert_eq!(Act::NAMES, ["heal", "crash", "cut"]);
    }

    #[test]
    fn names_must_be_distinct_and_not_the_shells() {
        assert!(distinct(&["heal", "crash"], true));
        assert!(!distinct(&["heal", "heal"], true));
        assert!(!distinct(&["heal", "play"], true));
        assert!(distinct(&["back", "restart"], false));
    }
}
