//! The examples menu: the programs from the articles GIL Lab grew from, and the library's
//! everyday shapes (a thread pool, a queue, a process pool, per-thread state), listed by what
//! they show.

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

/// The menu's groups: a heading and its examples, each by file name and by what it shows.
const GROUPS: [(&str, &[(&str, &str)]); 4] = [
    (
        "Races and locks",
        &[
            ("003_race_global.py", "Two threads race on a counter"),
            (
                "002_counter_race.py",
                "Five threads call increment() on one counter",
            ),
            ("003_lock_with.py", "The counter behind a lock (with lock:)"),
            (
                "003_lock_acquire_release.py",
                "The counter behind a lock (acquire, release)",
            ),
            (
                "002_counter_lock.py",
                "Five threads, one counter behind a lock",
            ),
            (
                "002_bank_deadlock.py",
                "Two transfers lock two accounts: a deadlock",
            ),
            (
                "002_bank_ordered.py",
                "The same transfers, locks taken in one order",
            ),
        ],
    ),
    (
        "Time: threads, processes, waiting",
        &[
            ("000_sleep_threads.py", "Twelve threads sleep at once"),
            (
                "002_cpu_threads_processes.py",
                "CPU work four times: in one thread, four threads, four processes",
            ),
            (
                "002_io_threads.py",
                "Four web requests: one after another, then in four threads",
            ),
            ("004_hello_threads.py", "Four threads say hello"),
        ],
    ),
    (
        "The library's everyday shapes",
        &[
            (
                "threadpool_map.py",
                "A thread pool downloads four pages (ThreadPoolExecutor.map)",
            ),
            (
                "queue_producer_consumer.py",
                "A producer and two consumers share a queue",
            ),
            ("pool_map.py", "A process pool counts primes (Pool.map)"),
            (
                "003_pool_counter.py",
                "Each process of a pool has its own counter",
            ),
            (
                "thread_local.py",
                "Each thread keeps its own connection (threading.local)",
            ),
        ],
    ),
    (
        "Reference counts",
        &[
            (
                "001_getrefcount.py",
                "Counting references with sys.getrefcount",
            ),
            ("002_getrefcount_del.py", "del drops a reference"),
        ],
    ),
];

/// A select that loads an example into the editor, through `on_load`.
pub fn examples(on_load: &Callback<&'static str>) -> Html {
    let onchange = {
        let on_load = on_load.clone();
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
                { for GROUPS.iter().map(|(heading, examples)| html! {
                    <optgroup key={*heading} label={*heading}>
                        { for examples.iter().map(|(name, words)| html! {
                            <option key={*name} value={*name}>{ *words }</option>
                        }) }
                    </optgroup>
                }) }
            </select>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_lists_every_example_once() {
        let listed: Vec<&str> = GROUPS
            .iter()
            .flat_map(|(_, examples)| examples.iter().map(|(name, _)| *name))
            .collect();
        let mut names: Vec<&str> = EXAMPLES.iter().map(|(name, _)| *name).collect();
        let mut sorted = listed.clone();
        names.sort_unstable();
        sorted.sort_unstable();
        assert_eq!(sorted, names);
    }
}
