from concurrent.futures import ProcessPoolExecutor

RATES = None


def load_rates(table):
    global RATES
    RATES = dict(table)


def convert(amount_currency):
    amount, currency = amount_currency
    return round(amount * RATES[currency], 2)


if __name__ == "__main__":
    table = [("EUR", 1.1), ("GBP", 1.25), ("JPY", 0.0068)]
    payments = [(100, "EUR"), (40, "GBP"), (5000, "JPY"), (12.5, "EUR")]
    with ProcessPoolExecutor(max_workers=2, initializer=load_rates, initargs=(table,)) as ex:
        dollars = list(ex.map(convert, payments, chunksize=2))
    for (amount, currency), usd in zip(payments, dollars):
        print(f"{amount} {currency} = {usd} USD")
    print("total:", round(sum(dollars), 2))
    print("parent RATES untouched:", RATES)
