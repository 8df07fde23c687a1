from concurrent.futures import ProcessPoolExecutor


class InvalidOrder(Exception):
    pass


def process_order(order):
    item, qty = order
    if qty <= 0:
        raise InvalidOrder(f"quantity for {item} must be positive, got {qty}")
    return f"{qty} x {item}"


if __name__ == "__main__":
    orders = [("apple", 3), ("pear", 0), ("plum", 5), ("kiwi", -2)]
    with ProcessPoolExecutor(max_workers=2) as executor:
        futures = [executor.submit(process_order, o) for o in orders]
        for fut in futures:
            exc = fut.exception()
            if exc is None:
                print("ok:", fut.result())
            else:
                print("failed:", type(exc).__name__, "-", exc)
