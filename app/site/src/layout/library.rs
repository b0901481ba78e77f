//! The home page of a library of several skills: a card per skill, sorted by name, with
//! a filter box the page script brings to life (without JS every card shows).

use super::document::{document, Head, SiteInfo};
use super::pages::frame;
use crate::islands::registry;
use docs::Site;
use leptos::prelude::*;

/// What a skill's card says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillCard {
    /// `name` from the skill's front matter.
    pub name: String,
    /// `description` from the skill's front matter.
    pub description: String,
    /// The skill's overview.
    pub url: String,
    /// How many pages the skill has, its overview included.
    pub pages: usize,
    /// The titles of the widgets its pages place, in reading order.
    pub widgets: Vec<&'static str>,
}

/// Every skill's card, sorted by name (ignoring case).
pub fn skill_cards(site: &Site) -> Vec<SkillCard> {
    let mut cards: Vec<SkillCard> = site
        .skills()
        .iter()
        .map(|skill| SkillCard {
            name: skill.name.clone(),
            description: skill.description.clone(),
            url: skill.url.clone(),
            pages: skill.pages.len(),
            widgets: site
                .widgets_of(skill)
                .into_iter()
                .filter_map(|name| registry::find(name).map(|entry| entry.title))
                .collect(),
        })
        .collect();
    cards.sort_by_cached_key(|card| (card.name.to_lowercase(), card.name.clone()));
    cards
}

impl SkillCard {
    /// "8 pages · Widgets: Raft simulator, CRDT merges" (or "no widgets").
    pub fn facts(&self) -> String {
        let pages = match self.pages {
            1 => "1 page".to_owned(),
            n => format!("{n} pages"),
        };
        if self.widgets.is_empty() {
            format!("{pages} · no widgets")
        } else {
            format!("{pages} · Widgets: {}", self.widgets.join(", "))
        }
    }
}

/// The summary under the library's title (also its meta description).
pub fn library_summary(cards: &[SkillCard]) -> String {
    format!(
        "{} skills. Read each one here, or download its folder for an agent.",
        cards.len()
    )
}

/// Where the library page's Markdown is served.
pub fn library_markdown_url(site: &Site) -> String {
    format!("{}index.md", site.home_url())
}

/// Renders the library page (the home of a site with several skills).
pub fn render_library_page(info: &SiteInfo, site: &Site) -> String {
    let cards = skill_cards(site);
    let summary = library_summary(&cards);
    let home = site.home_url();
    let head = Head {
        title: &info.name,
        description: &summary,
        path: &home,
        has_islands: false,
        indexable: true,
    };
    document(info, head, || {
        let items = cards
            .iter()
            .map(|card| {
                let text = format!(
                    "{} {} {}",
                    card.name,
                    card.description,
                    card.widgets.join(" ")
                );
                view! {
                    <li class="skill-card" data-filter=text.to_lowercase()>
                        <h2><a href=card.url.clone()>{card.name.clone()}</a></h2>
                        <p>{card.description.clone()}</p>
                        <p class="skill-facts">{card.facts()}</p>
                    </li>
                }
            })
            .collect_view();
        let main = view! {
            <article class="doc library">
                <div class="page-actions">
                    <a class="markdown-link" href=library_markdown_url(site) type="text/markdown">"View as Markdown"</a>
                </div>
                <h1>{info.name.clone()}</h1>
                <p>{summary.clone()}</p>
                <p class="library-filter" hidden>
                    <label for="library-filter">"Filter skills"</label>
                    <input id="library-filter" type="search" autocomplete="off" aria-controls="skill-cards"/>
                </p>
                <ul class="skill-cards" id="skill-cards">{items}</ul>
                <p class="library-empty" hidden>"No skill matches."</p>
            </article>
        };
        view! {
            {frame(info, site, &home, ("", ""), main.into_any(), ().into_any(), None)}
        }
        .into_any()
    })
}
