import multiprocessing


def child(conn):
    conn.send(["hello", 42, None])
    while True:
        message = conn.recv()
        if message == "bye":
            break
        conn.send(message[::-1])
    conn.close()


if __name__ == "__main__":
    parent_conn, child_conn = multiprocessing.Pipe()
    p = multiprocessing.Process(target=child, args=(child_conn,))
    p.start()
    child_conn.close()  # the parent keeps only its own end
    print("from child:", parent_conn.recv())
    for word in ["pipe", "duplex", "process"]:
        parent_conn.send(word)
        print(word, "->", parent_conn.recv())
    parent_conn.send("bye")
    p.join()
    try:
        parent_conn.recv()
    except EOFError:
        print("EOFError: the child closed its end")

    reader, writer = multiprocessing.Pipe(duplex=False)
    writer.send_bytes(b"raw bytes")
    print("one-way pipe:", reader.recv_bytes(), "poll:", reader.poll())
