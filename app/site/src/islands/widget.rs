//! The island placed wherever the content has a ```widget block: it mounts the widget
//! named in the spec in a `<figure>`.

use super::registry;
#[cfg(feature = "hydrate")]
use super::shell::tour;
use super::shell::Mount;
#[cfg(not(feature = "hydrate"))]
use docs::WidgetSpec;
use leptos::prelude::*;

/// A widget directive as the island needs it: its text, not its parsed form. The
/// server's page provides it as context; the figure carries it to the browser in `data-`
/// attributes, where the island parses the few words again. The island has no props, so
/// the browser decodes no JSON (serde_json would be most of the island's own code).
#[derive(Clone, Debug, Default)]
pub struct WidgetSource {
    /// The directive as written in the content (`raft nodes=5`), see [`WidgetSpec::args`].
    pub args: String,
    /// The caption line, or empty.
    pub caption: String,
    /// For a widget that shows its skill's decision tree, the tree (see
    /// [`docs::DecisionTree::to_resolved_source`]); otherwise empty.
    pub tree: String,
    /// For a tour, its steps' words, one step per line; otherwise empty.
    pub tour: String,
}

impl WidgetSource {
    /// The source of a parsed directive.
    #[cfg(not(feature = "hydrate"))]
    pub fn of(spec: &WidgetSpec) -> WidgetSource {
        let tree = spec
            .tree
            .as_ref()
            .map(|tree| tree.to_resolved_source())
            .unwrap_or_default();
        let tour: Vec<&str> = spec.tour.iter().map(|s| s.target.as_str()).collect();
        WidgetSource {
            args: spec.args.clone(),
            caption: spec.caption.clone().unwrap_or_default(),
            tree,
            tour: tour.join("\n"),
        }
    }

    /// The source the server wrote on `figure`.
    #[cfg(feature = "hydrate")]
    fn read(figure: &web_sys::HtmlElement) -> WidgetSource {
        let attribute = |name: &str| figure.get_attribute(name).unwrap_or_default();
        WidgetSource {
            args: attribute("data-args"),
            caption: attribute("data-caption"),
            tree: attribute("data-tree"),
            tour: match tour::ON {
                true => attribute("data-tour"),
                false => String::new(),
            },
        }
    }

    /// The widget for this source. The server explains a directive it cannot read; the
    /// browser only reads back what the server wrote (and keeps the server's figure if it
    /// cannot), so it carries no error messages.
    fn mount(&self) -> Mount {
        #[cfg(not(feature = "hydrate"))]
        let mut problems = Vec::new();
        #[cfg(feature = "hydrate")]
        let mut problems = docs::problems::Unexplained::default();
        let caption = (!self.caption.is_empty()).then(|| self.caption.clone());
        match registry::read(&self.args, &mut problems) {
            Some((entry, args)) => entry.mount(&args, caption, &self.tree, &self.tour),
            #[cfg(not(feature = "hydrate"))]
            None => unusable(&problems),
            #[cfg(feature = "hydrate")]
            None => unusable(&[]),
        }
    }
}

/// One interactive widget (one island export serves every kind), for the
/// [`WidgetSource`] in context.
///
/// The server fills the figure with the widget's markup; in the browser the figure is
/// handed to the widget once hydrated.
#[island]
pub fn WidgetIsland() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        view! { <figure use:start_widget></figure> }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let source = use_context::<WidgetSource>().unwrap_or_default();
        let mount = source.mount();
        let optional = |text: String| (!text.is_empty()).then_some(text);
        view! {
            <figure
                class=mount.class
                data-widget=mount.kind
                data-args=source.args
                data-caption=optional(source.caption)
                data-tree=optional(source.tree)
                data-tour=optional(source.tour)
                inner_html=mount.html
            ></figure>
        }
    }
}

/// Starts the widget the server drew in `figure`, as the figure hydrates (a directive
/// rather than a `NodeRef`, which would need the reactive runtime's effects).
#[cfg(feature = "hydrate")]
fn start_widget(figure: web_sys::Element) {
    use wasm_bindgen::JsCast;
    if let Ok(figure) = figure.dyn_into::<web_sys::HtmlElement>() {
        (WidgetSource::read(&figure).mount().start)(figure);
    }
}

/// A figure that says why the directive cannot be shown. The docs engine checks every
/// directive before a page is built, so only hand-made props get here; the browser
/// keeps the server's message.
#[cfg_attr(feature = "hydrate", allow(unused_variables))]
pub(super) fn unusable(errors: &[String]) -> Mount {
    Mount {
        class: "widget",
        kind: "unusable",
        #[cfg(not(feature = "hydrate"))]
        html: format!(
            "<p class=\"widget-notice\" role=\"alert\">This widget cannot be shown: {}</p>",
            docs::Esc(&errors.join("; "))
        ),
        #[cfg(feature = "hydrate")]
        html: String::new(),
        #[cfg(feature = "hydrate")]
        start: Box::new(|_| {}),
    }
}
