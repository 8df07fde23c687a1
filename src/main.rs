//! The page's entry point (built by Trunk for wasm32).

fn main() {
    gil_lab::start();
}
