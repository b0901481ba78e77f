//! Heading anchors following GitHub's rule (see `docs/authoring.md`).

use std::collections::HashMap;

/// The GitHub slug of a heading's text: lowercase; keep letters, digits, spaces,
/// `-` and `_`; each space becomes `-`.
///
/// ```
/// assert_eq!(docs::slugify("PreVote & CheckQuorum"), "prevote--checkquorum");
/// ```
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c == ' ' {
            slug.push('-');
        } else if c.is_alphanumeric() || c == '-' || c == '_' {
            slug.extend(c.to_lowercase());
        }
    }
    slug
}

/// Hands out unique slugs for one page: a repeated slug gets `-1`, `-2`, ...
#[derive(Debug, Default)]
pub struct Slugger {
    seen: HashMap<String, usize>,
}

impl Slugger {
    /// A slugger that has seen nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The unique slug for a heading with this text.
    pub fn slug(&mut self, text: &str) -> String {
        self.claim(slugify(text))
    }

    /// Registers an explicit id (`{#custom-id}`) or a computed slug and returns it,
    /// suffixed if it was taken already.
    pub fn claim(&mut self, base: String) -> String {
        match self.seen.get(&base).copied() {
            None => {
                self.seen.insert(base.clone(), 0);
                base
            }
            Some(mut n) => loop {
                n += 1;
                let candidate = format!("{base}-{n}");
                if !self.seen.contains_key(&candidate) {
                    self.seen.insert(base.clone(), n);
                    self.seen.insert(candidate.clone(), 0);
                    return candidate;
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_examples() {
        assert_eq!(
            slugify("Level 2: Presence and registries"),
            "level-2-presence-and-registries"
        );
        assert_eq!(slugify("PreVote & CheckQuorum"), "prevote--checkquorum");
        assert_eq!(slugify("`:pg` groups"), "pg-groups");
        assert_eq!(slugify("Ünïcode ok"), "ünïcode-ok");
    }

    #[test]
    fn repeats_get_suffixes() {
        let mut s = Slugger::new();
        assert_eq!(s.slug("Example"), "example");
        assert_eq!(s.slug("Example"), "example-1");
        assert_eq!(s.slug("Example"), "example-2");
        assert_eq!(s.slug("Example 1"), "example-1-1");
    }
}
