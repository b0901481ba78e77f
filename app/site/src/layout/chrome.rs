//! The parts around a page's content: header, navigation, table of contents, footer.

use docs::{NavSection, Page, PageLink, Site, Skill, TocEntry};
use leptos::prelude::*;

/// Skip link, site name, search box and theme toggle. With several skills the search
/// form also has a skill filter, `skill` selected (`""` for all).
pub fn header(
    site_name: &str,
    home: &str,
    search_action: &str,
    query: &str,
    skills: &[Skill],
    skill: &str,
) -> impl IntoView {
    let filter = (skills.len() > 1).then(|| {
        let options = skills
            .iter()
            .map(|s| view! { <option value=s.name.clone() selected=s.name == skill>{s.name.clone()}</option> })
            .collect_view();
        view! {
            <select name="skill" class="search-skill" aria-label="Search in">
                <option value="">"All skills"</option>
                {options}
            </select>
        }
    });
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
                {filter}
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

/// The left sidebar: the current skill's pages, the current one marked with
/// `aria-current`. On a library of several skills it also has a skill switcher (a
/// disclosure, no JS needed) and, on pages of no skill, the list of skills.
///
/// On small screens it collapses behind a checkbox toggle, which needs no JS.
pub fn sidebar(site: &Site, skill: Option<&Skill>, current_url: &str) -> impl IntoView {
    let nav = site.nav();
    let body = if site.is_library() {
        library_nav(site, &nav, skill, current_url).into_any()
    } else {
        nav.iter()
            .map(|section| skill_pages(section, false, current_url))
            .collect_view()
            .into_any()
    };
    view! {
        <nav class="sidebar" aria-label="Guide">
            <input type="checkbox" id="nav-open" class="nav-open" aria-label="Show navigation"/>
            <div class="sidebar-body">{body}</div>
        </nav>
    }
}

/// A library's sidebar: within a skill, the switcher and the skill's pages; elsewhere
/// (the library page, search, 404) every skill.
fn library_nav(
    site: &Site,
    nav: &[NavSection],
    skill: Option<&Skill>,
    current_url: &str,
) -> impl IntoView {
    let home = PageLink {
        url: site.home_url(),
        title: "All skills".to_owned(),
    };
    let skill_links = |current: Option<&str>| {
        // By name, as the library's cards are.
        let mut skills: Vec<PageLink> = nav
            .iter()
            .map(|section| PageLink {
                url: section.url.clone(),
                title: section.title.clone(),
            })
            .collect();
        skills.sort_by_cached_key(|link| (link.title.to_lowercase(), link.title.clone()));
        std::iter::once(home.clone())
            .chain(skills)
            .map(|link| {
                let current = if link.url == current_url {
                    Some("page")
                } else {
                    (Some(link.url.as_str()) == current).then_some("true")
                };
                view! { <li><a href=link.url aria-current=current>{link.title}</a></li> }
            })
            .collect_view()
    };
    match skill.and_then(|skill| nav.iter().find(|section| section.title == skill.name)) {
        Some(section) => view! {
            <details class="skill-switcher">
                <summary>"Switch skill"</summary>
                <ul>{skill_links(Some(&section.url))}</ul>
            </details>
            {skill_pages(section, true, current_url)}
        }
        .into_any(),
        None => view! {
            <p class="nav-section">"Skills"</p>
            <ul>{skill_links(None)}</ul>
        }
        .into_any(),
    }
}

/// A skill's pages, under its name (linked to its overview) when `titled`.
fn skill_pages(section: &NavSection, titled: bool, current_url: &str) -> impl IntoView {
    let items = section
        .items
        .iter()
        .map(|item| nav_item(item, current_url))
        .collect_view();
    let title = titled.then(|| {
        view! { <p class="nav-section"><a href=section.url.clone()>{section.title.clone()}</a></p> }
    });
    view! {
        {title}
        <ul>{items}</ul>
    }
}

/// On a library of several skills: Library › skill › page, the last one current.
pub fn breadcrumbs(site: &Site, page: &Page) -> Option<impl IntoView> {
    let skill = site.skill_of(page).filter(|_| site.is_library())?;
    let mut trail = vec![
        PageLink {
            url: site.home_url(),
            title: "Library".to_owned(),
        },
        PageLink {
            url: skill.url.clone(),
            title: skill.name.clone(),
        },
    ];
    if !page.is_overview {
        trail.push(PageLink {
            url: page.url.clone(),
            title: page.title.clone(),
        });
    }
    let last = trail.len() - 1;
    let items = trail
        .into_iter()
        .enumerate()
        .map(|(i, link)| {
            let current = (i == last).then_some("page");
            view! { <li><a href=link.url aria-current=current>{link.title}</a></li> }
        })
        .collect_view();
    Some(view! { <nav class="breadcrumbs" aria-label="Breadcrumb"><ol>{items}</ol></nav> })
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
