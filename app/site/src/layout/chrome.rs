//! The parts around a page's content: header, navigation, table of contents, footer.

use docs::{NavSection, Page, PageLink, Skill, TocEntry};
use leptos::prelude::*;

/// Skip link, site name, search box and theme toggle.
pub fn header(site_name: &str, home: &str, search_action: &str, query: &str) -> impl IntoView {
    view! {
        <a class="skip-link" href="#content">"Skip to content"</a>
        <header class="site-header">
            <label class="nav-toggle" for="nav-open">
                <span class="visually-hidden">"Show navigation"</span>
                <svg aria-hidden="true" viewBox="0 0 24 24" width="24" height="24"><path d="M3 6h18M3 12h18M3 18h18"/></svg>
            </label>
            <a class="site-name" href=home.to_owned()>{site_name.to_owned()}</a>
            <form class="search-form" role="search" action=search_action.to_owned() method="get">
                <label class="visually-hidden" for="search-input">"Search the guide"</label>
                <span class="search-box">
                    <input id="search-input" type="search" name="q" placeholder="Search" autocomplete="off"
                        value=query.to_owned() maxlength="200"/>
                    <kbd class="search-key" aria-hidden="true" title="Press / to search" hidden>"/"</kbd>
                </span>
                <button type="submit">"Search"</button>
                <div class="search-instant" id="search-instant" hidden></div>
            </form>
            <button type="button" class="theme-toggle" id="theme-toggle" hidden>
                <span class="visually-hidden">"Switch between light and dark theme"</span>
                <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20"><circle cx="12" cy="12" r="5"/><path d="M12 1v3M12 20v3M1 12h3M20 12h3"/></svg>
            </button>
        </header>
    }
}

/// The left sidebar: every page, the current one marked with `aria-current`.
///
/// On small screens it collapses behind a checkbox toggle, which needs no JS.
pub fn sidebar(nav: &[NavSection], current_url: &str) -> impl IntoView {
    let titled = nav.len() > 1;
    let sections = nav
        .iter()
        .map(|section| {
            let items = section
                .items
                .iter()
                .map(|item| nav_item(item, current_url))
                .collect_view();
            view! {
                {titled.then(|| view! { <p class="nav-section">{section.title.clone()}</p> })}
                <ul>{items}</ul>
            }
        })
        .collect_view();
    view! {
        <nav class="sidebar" aria-label="Guide">
            <input type="checkbox" id="nav-open" class="nav-open" aria-label="Show navigation"/>
            <div class="sidebar-body">{sections}</div>
        </nav>
    }
}

fn nav_item(item: &PageLink, current_url: &str) -> impl IntoView {
    let current = (item.url == current_url).then_some("page");
    view! { <li><a href=item.url.clone() aria-current=current>{item.title.clone()}</a></li> }
}

/// Beside the title: the page's Markdown source (the page script turns it into a copy
/// button too) and, on a skill's overview, the skill's folder as a download.
pub fn page_actions(page: &Page, skill: Option<&Skill>) -> impl IntoView {
    let download = skill.filter(|_| page.is_overview).map(|skill| {
        view! { <a href=skill.download_url.clone() download>"Download this skill"</a> }
    });
    view! {
        <div class="page-actions">
            <a class="markdown-link" href=page.markdown_url.clone() type="text/markdown">"View as Markdown"</a>
            {download}
        </div>
    }
}

/// The right-hand "On this page" list of h2 and h3 headings.
pub fn table_of_contents(toc: &[TocEntry]) -> impl IntoView {
    let entries: Vec<_> = toc
        .iter()
        .filter(|e| e.level == 2 || e.level == 3)
        .cloned()
        .collect();
    (!entries.is_empty()).then(|| {
        let items = entries
            .into_iter()
            .map(|e| {
                let class = if e.level == 3 { "toc-h3" } else { "toc-h2" };
                view! { <li class=class><a href=format!("#{}", e.slug)>{e.text}</a></li> }
            })
            .collect_view();
        view! {
            <nav class="toc" aria-labelledby="toc-title">
                <h2 id="toc-title">"On this page"</h2>
                <ul>{items}</ul>
            </nav>
        }
    })
}

/// Previous and next page links.
pub fn prev_next(page: &Page) -> impl IntoView {
    let prev = page.prev.clone().map(|p| {
        view! {
            <a class="prev" rel="prev" href=p.url><span>"Previous"</span>{p.title}</a>
        }
    });
    let next = page.next.clone().map(|n| {
        view! {
            <a class="next" rel="next" href=n.url><span>"Next"</span>{n.title}</a>
        }
    });
    view! { <nav class="prev-next" aria-label="Previous and next page">{prev}{next}</nav> }
}

/// Footer with the edit link (when a repository is configured) and the last-updated date.
pub fn footer(page: Option<&Page>) -> impl IntoView {
    let edit = page
        .and_then(|p| p.edit_url.clone())
        .map(|url| view! { <a href=url>"Edit this page"</a> });
    let updated = page.and_then(|p| p.last_updated.clone()).map(|date| {
        view! {
            <p>"Last updated: " <time datetime=date.clone()>{date.clone()}</time></p>
        }
    });
    view! { <footer class="site-footer">{edit}{updated}</footer> }
}
