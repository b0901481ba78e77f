//! The island placed wherever the content has a ```widget block.

use docs::WidgetSpec;
use leptos::prelude::*;

/// One interactive widget, chosen by `spec` (one island export serves every kind).
#[island]
pub fn WidgetIsland(
    /// The widget and its parameters, as written in the content.
    spec: WidgetSpec,
) -> impl IntoView {
    let name = spec.widget.name();
    let (steps, set_steps) = signal(0u32);
    view! {
        <figure class="widget" data-widget=name>
            <p>"Interactive " {name} " widget (in development)."</p>
            <button type="button" on:click=move |_| set_steps.update(|n| *n += 1)>"Step"</button>
            <output aria-live="polite">"Steps taken: " {steps}</output>
            {spec.caption.clone().map(|c| view! { <figcaption>{c}</figcaption> })}
        </figure>
    }
}
