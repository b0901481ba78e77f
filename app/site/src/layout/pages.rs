//! Whole pages: a documentation page, search results, and the 404 page.

use super::chrome::{
    breadcrumbs, footer, header, page_actions, prev_next, sidebar, table_of_contents,
};
use super::document::{document, Head, SiteInfo};
use crate::islands::{WidgetIsland, WidgetSource};
use docs::{Page, SearchHit, Segment, Site, WidgetSpec};
use leptos::context::Provider;
use leptos::prelude::*;

/// Renders one documentation page, with its widgets as islands.
pub fn render_doc_page(info: &SiteInfo, site: &Site, page: &Page) -> String {
    let head = Head {
        title: &page.title,
        description: &page.description,
        path: &page.url,
        has_islands: page.has_widgets(),
        indexable: true,
    };
    document(info, head, || doc_page_body(info, site, page))
}

/// The island for a widget directive, with the directive's source in its context.
fn widget_island(spec: &WidgetSpec) -> AnyView {
    view! { <Provider value=WidgetSource::of(spec)><WidgetIsland/></Provider> }.into_any()
}

/// A tour: the widget (kept in view beside the prose on a wide screen) with its
/// buttons, and the steps, each with the server's snapshot of the stage at that step,
/// which is what a reader without JavaScript sees (style/main.css shows the snapshots
/// only when scripting is off).
fn tour_section(spec: &WidgetSpec, number: usize) -> AnyView {
    let id = format!("tour-{number}");
    let count = spec.tour.len();
    let steps = spec
        .tour
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let anchor = format!("{id}-{}", i + 1);
            view! {
                <li class=if i == 0 { "tour-step is-active" } else { "tour-step" } id=anchor.clone() data-step=i>
                    <div class="tour-shot" inner_html=step.snapshot.clone()></div>
                    <div class="tour-text" inner_html=step.html.clone()></div>
                    <a class="tour-link" href=format!("#{anchor}")>{format!("Link to step {}", i + 1)}</a>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="tour" id=id.clone() aria-label=format!("Guided tour, {count} steps")>
            <div class="tour-stage">
                {widget_island(spec)}
                <div class="tour-nav">
                    <button type="button" data-act="tour" value="prev" disabled>"Previous"</button>
                    <span class="tour-where">{format!("Step 1 of {count}")}</span>
                    <button type="button" data-act="tour" value="next" disabled>"Next"</button>
                    <button type="button" class="tour-leave" data-act="tour" value="leave" disabled>"Play freely"</button>
                    <p class="tour-say visually-hidden" aria-live="polite"></p>
                </div>
            </div>
            <ol class="tour-steps">{steps}</ol>
        </section>
    }
    .into_any()
}

fn doc_page_body(info: &SiteInfo, site: &Site, page: &Page) -> AnyView {
    let mut tours = 0;
    let body = page
        .segments
        .iter()
        .map(|segment| match segment {
            Segment::Html(html) => {
                view! { <div class="prose" inner_html=html.clone()></div> }.into_any()
            }
            Segment::Widget(spec) if !spec.tour.is_empty() => {
                tours += 1;
                tour_section(spec, tours)
            }
            Segment::Widget(spec) => widget_island(spec),
        })
        .collect_view();
    let article = view! {
        <article class="doc">{page_actions(page, site.skill_of(page))}{body}</article>
        {prev_next(page)}
    };
    // Only a library has breadcrumbs (a one-skill page stays exactly as it was).
    let main = match breadcrumbs(site, page) {
        Some(trail) => view! { {trail}{article} }.into_any(),
        None => article.into_any(),
    };
    let toc = table_of_contents(&page.toc);
    frame(
        info,
        site,
        &page.url,
        ("", ""),
        main,
        toc.into_any(),
        Some(page),
    )
    .into_any()
}

/// Renders the server-side search results for `query` in the skill named `skill` (`""`
/// for all; works without JavaScript).
pub fn render_search_page(
    info: &SiteInfo,
    site: &Site,
    query: &str,
    skill: &str,
    hits: &[SearchHit],
) -> String {
    let path = search_path(info);
    let head = Head {
        title: "Search",
        description: "Search the guide.",
        path: &path,
        has_islands: false,
        indexable: false,
    };
    document(info, head, || search_body(info, site, query, skill, hits))
}

fn search_body(
    info: &SiteInfo,
    site: &Site,
    query: &str,
    skill: &str,
    hits: &[SearchHit],
) -> AnyView {
    let heading = if query.trim().is_empty() {
        "Search".to_owned()
    } else {
        format!("Results for “{query}”")
    };
    let summary = match (query.trim().is_empty(), hits.len()) {
        (true, _) => "Type a word or phrase in the search box.".to_owned(),
        (false, 0) => "No page matches. Try fewer or other words.".to_owned(),
        (false, 1) => "1 section matches.".to_owned(),
        (false, n) => format!("{n} sections match."),
    };
    let results = hits
        .iter()
        .map(|hit| {
            view! {
                <li>
                    <a href=hit.url.clone()>{format!("{} › {}", hit.page_title, hit.heading)}</a>
                    <p inner_html=hit.snippet_html.clone()></p>
                </li>
            }
        })
        .collect_view();
    let main = view! {
        <article class="doc search-results">
            <h1>{heading}</h1>
            <p role="status">{summary}</p>
            <ol>{results}</ol>
        </article>
    };
    frame(
        info,
        site,
        "",
        (query, skill),
        main.into_any(),
        ().into_any(),
        None,
    )
    .into_any()
}

/// Renders the "page not found" page (served with status 404).
pub fn render_not_found(info: &SiteInfo, site: &Site) -> String {
    let path = home_path(info);
    let head = Head {
        title: "Page not found",
        description: "There is no page at this address.",
        path: &path,
        has_islands: false,
        indexable: false,
    };
    document(info, head, || not_found_body(info, site))
}

fn not_found_body(info: &SiteInfo, site: &Site) -> AnyView {
    let home = home_path(info);
    let main = view! {
        <article class="doc">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. Try the navigation, the search box, or "
               <a href=home>{if site.is_library() { "the library" } else { "the overview" }}</a> "."</p>
        </article>
    };
    frame(
        info,
        site,
        "",
        ("", ""),
        main.into_any(),
        ().into_any(),
        None,
    )
    .into_any()
}

/// Header, sidebar, main column, table of contents and footer around `main`; `search`
/// is the query and skill shown in the search form.
pub(super) fn frame(
    info: &SiteInfo,
    site: &Site,
    current_url: &str,
    (query, skill): (&str, &str),
    main: AnyView,
    toc: AnyView,
    page: Option<&Page>,
) -> impl IntoView {
    view! {
        {header(&info.name, &home_path(info), &search_path(info), query, site.skills(), skill)}
        <div class="layout">
            {sidebar(site, page.and_then(|p| site.skill_of(p)), current_url)}
            <main id="content" tabindex="-1">{main}</main>
            <aside class="toc-column">{toc}</aside>
        </div>
        {footer(page)}
    }
}

fn home_path(info: &SiteInfo) -> String {
    format!("{}/", info.base_path)
}

fn search_path(info: &SiteInfo) -> String {
    format!("{}/search", info.base_path)
}
