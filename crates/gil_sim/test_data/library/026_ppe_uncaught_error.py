from concurrent.futures import ProcessPoolExecutor


def load_config(name):
    settings = {"debug": "true", "port": "8080"}
    return settings[name]


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=1) as executor:
        print(executor.submit(load_config, "port").result())
        print(executor.submit(load_config, "timeout").result())
