import sys

print(sys.getswitchinterval())
sys.does_not_exist()
