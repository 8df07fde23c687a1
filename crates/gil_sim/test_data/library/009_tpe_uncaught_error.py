from concurrent.futures import ThreadPoolExecutor


def parse_port(text):
    return int(text)


with ThreadPoolExecutor(max_workers=2) as executor:
    ports = [executor.submit(parse_port, t) for t in ["80", "443", "http"]]
    for fut in ports:
        print("port", fut.result())

print("never printed")
