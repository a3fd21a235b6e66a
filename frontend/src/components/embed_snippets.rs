//! The snippets that put this summit on another page (README, "Embedding Summit"):
//! the `<summit-session>` element, the iframe for pages that cannot change their
//! CSP, the CSP a host page needs, and the projector's view as an element, each with
//! a Copy button.

use crate::components::copy_button::CopyButton;
use crate::components::show_toggle::show_toggle;
use crate::i18n::*;
use crate::live::use_live;
use crate::util;
use leptos::prelude::*;

/// The element's snippet: the script, then the element for `code`.
pub fn widget_snippet(server: &str, code: &str) -> String {
    format!(
        "<script type=\"module\" src=\"{server}/embed.js\"></script>\n\
         <summit-session code=\"{code}\"></summit-session>"
    )
}

/// The iframe's snippet: the frame, then the helper that sizes it to its content.
pub fn frame_snippet(server: &str, code: &str) -> String {
    format!(
        "<iframe src=\"{server}/embed/{code}\" title=\"Summit\" \
         width=\"100%\" height=\"640\" style=\"border: 0\"></iframe>\n\
         <script src=\"{server}/embed-frame.js\" async></script>"
    )
}

/// The projector's view as an element: the script, then the element for `session`
/// with its screen key.
pub fn screen_snippet(server: &str, session: &str, key: &str) -> String {
    format!(
        "<script type=\"module\" src=\"{server}/embed.js\"></script>\n\
         <summit-session mode=\"screen\" session=\"{session}\" key=\"{key}\"></summit-session>"
    )
}

/// What a host page's Content-Security-Policy must allow for the element (the
/// images: the projector's QR code).
pub fn host_csp(server: &str) -> String {
    format!("script-src {server} 'wasm-unsafe-eval'; connect-src {server}; img-src {server}")
}

/// A card of its own in the console's main column: the snippets are code, too wide
/// for the side column's share card.
#[component]
pub fn EmbedSnippets(
    /// The projector's key, once the console has it.
    screen_key: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let code = Signal::derive(move || live.join_code.get());
    // The projector's snippet holds its key: blurred until asked for, as the
    // facilitator link is.
    let show_screen = RwSignal::new(false);
    let server = util::origin();
    let screen = {
        let server = server.clone();
        Signal::derive(move || {
            let key = screen_key.get().unwrap_or_default();
            live.id
                .with_value(|id| screen_snippet(&server, &id.0, &key))
        })
    };
    let widget = {
        let server = server.clone();
        Signal::derive(move || widget_snippet(&server, &code.get()))
    };
    let frame = {
        let server = server.clone();
        Signal::derive(move || frame_snippet(&server, &code.get()))
    };
    let csp = Signal::derive(move || host_csp(&server));
    view! {
        <details class="card share-embed" data-testid="embed-snippets">
            <summary>{crate::tr!(i18n, console.embed_heading)}</summary>
            <p class="muted small">{crate::tr!(i18n, console.embed_intro)}</p>
            <div class="snippet">
                <span class="snippet-label">{crate::tr!(i18n, console.embed_widget)}</span>
                <pre data-testid="embed-widget"><code>{move || widget.get()}</code></pre>
                <CopyButton text=widget label=|i18n| t_string!(i18n, console.copy_embed_widget) />
            </div>
            <div class="snippet">
                <span class="snippet-label">{crate::tr!(i18n, console.embed_csp)}</span>
                <pre data-testid="embed-csp"><code>{move || csp.get()}</code></pre>
                <CopyButton text=csp label=|i18n| t_string!(i18n, console.copy_embed_csp) />
            </div>
            <div class="snippet">
                <span class="snippet-label">{crate::tr!(i18n, console.embed_frame)}</span>
                <pre data-testid="embed-frame"><code>{move || frame.get()}</code></pre>
                <CopyButton text=frame label=|i18n| t_string!(i18n, console.copy_embed_frame) />
            </div>
            <div class="snippet" hidden=move || screen_key.get().is_none()>
                <span class="snippet-label" id="embed-screen-label">{crate::tr!(i18n, console.embed_screen)}</span>
                <pre class:blurred=move || !show_screen.get() data-testid="embed-screen"><code>{move || screen.get()}</code></pre>
                <div class="button-row">
                    {show_toggle(show_screen, "embed-screen-show".into(), "embed-screen-label".into())}
                    <CopyButton text=screen label=|i18n| t_string!(i18n, console.copy_embed_screen) />
                </div>
            </div>
            <p class="muted small">{crate::tr!(i18n, console.embed_server)}</p>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippets_name_the_server_and_the_code() {
        let server = "https://summit.example.com";
        assert_eq!(
            widget_snippet(server, "K7MQXP"),
            "<script type=\"module\" src=\"https://summit.example.com/embed.js\"></script>\n\
             <summit-session code=\"K7MQXP\"></summit-session>"
        );
        let frame = frame_snippet(server, "K7MQXP");
        assert!(frame.starts_with("<iframe src=\"https://summit.example.com/embed/K7MQXP\""));
        assert!(frame.ends_with(
            "<script src=\"https://summit.example.com/embed-frame.js\" async></script>"
        ));
        assert_eq!(
            screen_snippet(server, "AbCd", "k3y"),
            "<script type=\"module\" src=\"https://summit.example.com/embed.js\"></script>\n\
             <summit-session mode=\"screen\" session=\"AbCd\" key=\"k3y\"></summit-session>"
        );
        assert_eq!(
            host_csp(server),
            "script-src https://summit.example.com 'wasm-unsafe-eval'; \
             connect-src https://summit.example.com; img-src https://summit.example.com"
        );
    }
}
