//! The participant's download: joining, the session, the summary. The start page
//! and the facilitator's console are the console's (`src/bin/console.rs`).

use summit_frontend::app::Pages;

fn main() {
    summit_frontend::start(Pages::participant());
}
