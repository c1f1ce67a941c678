"""The `nano` Kandinsky: a procedural dataset of Kandinsky-like compositions (coloured shapes on a
coloured ground) with English and Russian captions, a prompt parser and a picture evaluator.
Framework-free: used by scripts/train_nano.py, the nano backend, tests and bench/nano_bench.py."""
