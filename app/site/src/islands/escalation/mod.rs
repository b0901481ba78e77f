//! The escalation decision guide: the overview's decision tree asked one question at a
//! time, landing on a level of the escalation ladder with a link to its section.

mod walk;

use docs::decision_tree::DecisionTree;
use docs::widget::EscalationParams;
use leptos::prelude::*;
use walk::{level_of, walk, Position};

/// The escalation widget: a titled figure around the guide, with the content's caption.
pub fn escalation_widget(params: &EscalationParams, caption: Option<String>) -> AnyView {
    view! {
        <figure class="widget esc-widget" data-widget="escalation">
            <div class="widget-head"><strong class="widget-title">"Which level do you need?"</strong></div>
            {guide(params.tree.clone())}
            {caption.map(|c| view! { <figcaption>{c}</figcaption> })}
        </figure>
    }
    .into_any()
}

/// The guide for `tree` (the skill overview's decision tree, URLs resolved); `None`
/// when the skill has none (a message is shown instead).
fn guide(tree: Option<DecisionTree>) -> impl IntoView {
    let Some(tree) = tree.filter(|t| !t.questions.is_empty()) else {
        return view! { <p class="esc-missing">"This guide has no decision tree to ask."</p> }
            .into_any();
    };
    let tree = StoredValue::new(tree);
    // Effects run only in the browser: the server render keeps the buttons disabled.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let answers = RwSignal::new(Vec::<usize>::new());
    let heading = NodeRef::<leptos::html::P>::new();
    // After the view has been redrawn, move focus to the new question or result.
    let focus_heading = move || {
        request_animation_frame(move || {
            if let Some(el) = heading.get_untracked() {
                let _ = el.focus();
            }
        })
    };
    let choose = move |i: usize| {
        answers.update(|a| a.push(i));
        focus_heading();
    };
    let back = move |_| {
        answers.update(|a| {
            a.pop();
        });
        focus_heading();
    };
    let restart = move |_| {
        answers.set(Vec::new());
        focus_heading();
    };

    let trail = move || {
        tree.with_value(|t| {
            answers.with(|a| {
                walk(t, a)
                    .0
                    .into_iter()
                    .map(|s| {
                        let (q, a) = (s.question.to_string(), s.answer.to_string());
                        view! { <li>{q} " " <strong>{a}</strong></li> }
                    })
                    .collect_view()
            })
        })
    };
    let current = move || {
        tree.with_value(|t| {
            answers.with(|a| {
                let (done, position) = walk(t, a);
                let step = done.len() + 1;
                match position {
                    Position::Asking(q) => {
                        let question = &t.questions[q];
                        let buttons = question
                            .answers
                            .iter()
                            .enumerate()
                            .map(|(i, ans)| {
                                let label = ans.label.clone();
                                view! {
                                    <button type="button" class="esc-answer" disabled=move || !live.get() on:click=move |_| choose(i)>
                                        {label}
                                    </button>
                                }
                            })
                            .collect_view();
                        view! {
                            <p class="esc-question" tabindex="-1" node_ref=heading>
                                <span class="esc-count">"Question " {step} ": "</span>
                                {question.text.clone()}
                            </p>
                            <div class="esc-answers" role="group" aria-label="Answers">{buttons}</div>
                        }
                        .into_any()
                    }
                    Position::Landed { text, url } => {
                        let level = level_of(text);
                        let badge = level.map(|l| l.to_string()).unwrap_or_else(|| "?".into());
                        let link_text = match level {
                            Some(l) => format!("Read about Level {l} on the escalation ladder"),
                            None => "Read about it on the escalation ladder".to_string(),
                        };
                        view! {
                            <p class="esc-question esc-result" tabindex="-1" node_ref=heading>
                                <span class="esc-level" aria-hidden="true">{badge}</span>
                                <span>"Recommended: " <strong>{text.to_string()}</strong></span>
                            </p>
                            <p><a class="esc-link" href=url.to_string()>{link_text}</a></p>
                        }
                        .into_any()
                    }
                }
            })
        })
    };
    let at_start = move || answers.with(Vec::is_empty);

    view! {
        <div class="esc" data-ready=move || live.get().then_some("true")>
            <p class="widget-nojs" class:widget-hidden=move || live.get()>
                "Needs JavaScript; the same questions are in the decision tree on the overview page."
            </p>
            <ol class="esc-trail" aria-label="Your answers so far">{trail}</ol>
            <div class="esc-current" aria-live="polite">{current}</div>
            <div class="esc-nav">
                <button type="button" on:click=back disabled=at_start>"Back"</button>
                <button type="button" on:click=restart disabled=at_start>"Start over"</button>
            </div>
        </div>
    }
    .into_any()
}
