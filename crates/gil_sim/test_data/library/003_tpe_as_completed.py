import concurrent.futures
import time

# How long each "page" takes to load, in seconds.
PAGES = {"home": 0.15, "about": 0.05, "blog": 0.10, "contact": 0.0}


def load_page(name):
    time.sleep(PAGES[name])
    return f"<html><body>{name}</body></html>"


with concurrent.futures.ThreadPoolExecutor(max_workers=4) as executor:
    future_to_page = {executor.submit(load_page, name): name for name in PAGES}
    for future in concurrent.futures.as_completed(future_to_page):
        page = future_to_page[future]
        try:
            data = future.result()
        except Exception as exc:
            print(f"{page!r} generated an exception: {exc}")
        else:
            print(f"{page!r} page is {len(data)} bytes")
