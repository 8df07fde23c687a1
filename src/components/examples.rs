//! The examples menu: the programs from the articles GIL Lab grew from, and the library's
//! everyday shapes (a thread pool, a queue, a process pool, per-thread state).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The built-in examples: file name and source.
pub const EXAMPLES: [(&str, &str); 18] = [
    (
        "000_sleep_threads.py",
        include_str!("../../crates/gil_sim/test_data/seeds/000_sleep_threads.py"),
    ),
    (
        "001_getrefcount.py",
        include_str!("../../crates/gil_sim/test_data/seeds/001_getrefcount.py"),
    ),
    (
        "002_bank_deadlock.py",
        include_str!("../../crates/gil_sim/test_data/seeds/002_bank_deadlock.py"),
    ),
    (
        "002_bank_ordered.py",
        include_str!("../../crates/gil_sim/test_data/seeds/002_bank_ordered.py"),
    ),
    (
        "002_counter_lock.py",
        include_str!("../../crates/gil_sim/test_data/seeds/002_counter_lock.py"),
    ),
    (
        "002_counter_race.py",
        include_str!("../../crates/gil_sim/test_data/seeds/002_counter_race.py"),
    ),
    (
        "002_cpu_threads_processes.py",
        include_str!("../../crates/gil_sim/test_data/seeds/002_cpu_threads_processes.py"),
    ),
    (
        "002_getrefcount_del.py",
        include_str!("../../crates/gil_sim/test_data/seeds/002_getrefcount_del.py"),
    ),
    (
        "002_io_threads.py",
        include_str!("../../crates/gil_sim/test_data/seeds/002_io_threads.py"),
    ),
    (
        "003_lock_acquire_release.py",
        include_str!("../../crates/gil_sim/test_data/seeds/003_lock_acquire_release.py"),
    ),
    (
        "003_lock_with.py",
        include_str!("../../crates/gil_sim/test_data/seeds/003_lock_with.py"),
    ),
    (
        "003_pool_counter.py",
        include_str!("../../crates/gil_sim/test_data/seeds/003_pool_counter.py"),
    ),
    (
        "003_race_global.py",
        include_str!("../../crates/gil_sim/test_data/seeds/003_race_global.py"),
    ),
    (
        "004_hello_threads.py",
        include_str!("../../crates/gil_sim/test_data/seeds/004_hello_threads.py"),
    ),
    (
        "threadpool_map.py",
        include_str!("../../crates/gil_sim/test_data/library/107_example_threadpool_map.py"),
    ),
    (
        "queue_producer_consumer.py",
        include_str!(
            "../../crates/gil_sim/test_data/library/108_example_queue_producer_consumer.py"
        ),
    ),
    (
        "pool_map.py",
        include_str!("../../crates/gil_sim/test_data/library/109_example_pool_map.py"),
    ),
    (
        "thread_local.py",
        include_str!("../../crates/gil_sim/test_data/library/110_example_thread_local.py"),
    ),
];

/// The menu's words for an example: what it shows (the seed programs keep their file names).
fn title(name: &str) -> &str {
    match name {
        "threadpool_map.py" => "A thread pool downloads four pages (ThreadPoolExecutor.map)",
        "queue_producer_consumer.py" => "A producer and two consumers share a queue",
        "pool_map.py" => "A process pool counts primes (Pool.map)",
        "thread_local.py" => "Each thread keeps its own connection (threading.local)",
        other => other,
    }
}

#[derive(Properties, PartialEq)]
pub struct ExamplesProps {
    pub on_load: Callback<&'static str>,
}

/// A select that loads an example into the editor.
#[component]
pub fn Examples(props: &ExamplesProps) -> Html {
    let onchange = {
        let on_load = props.on_load.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            // The select keeps showing the example's name, so arrow keys walk through them.
            if let Some((_, source)) = EXAMPLES.iter().find(|(name, _)| *name == select.value()) {
                on_load.emit(source);
            }
        })
    };
    html! {
        <span class="control">
            <label for="examples">{ "Examples" }</label>
            <select id="examples" {onchange}>
                <option value="" selected=true>{ "load an example…" }</option>
                { for EXAMPLES.iter().map(|(name, _)| html! {
                    <option key={*name} value={*name}>{ title(name) }</option>
                }) }
            </select>
        </span>
    }
}
