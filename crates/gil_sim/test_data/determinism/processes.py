import os
from multiprocessing import Pool, Process

def square(x):
    return x * x

def hello():
    print("child", os.getpid())

if __name__ == "__main__":
    p = Process(target=hello)
    p.start()
    p.join()
    with Pool(2) as pool:
        print(pool.map(square, range(6)))
