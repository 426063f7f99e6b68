#!/usr/bin/env python3
"""SQLite as another program sees a rootmail file, through Python's own sqlite3: what tests use to
read a file behind rootmail's back, change it as another tool would, or damage it.

  sqlite_tool.py script DB            run the SQL script on stdin (executescript), then commit
  sqlite_tool.py exec DB SQL [VALUE…] run one statement with ? parameters, then commit
  sqlite_tool.py query DB SQL         print each row, its columns tab-separated (read-only)
  sqlite_tool.py damage-index DB NAME overwrite the first byte of index NAME's root page, a
                                      damage only PRAGMA quick_check reads
"""
import sqlite3, sys


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    command, path, rest = argv[1], argv[2], argv[3:]
    if command == "script":
        db = sqlite3.connect(path)
        db.executescript(sys.stdin.read())
        db.commit()
    elif command == "exec":
        db = sqlite3.connect(path)
        db.execute(rest[0], rest[1:])
        db.commit()
    elif command == "query":
        db = sqlite3.connect("file:" + path + "?mode=ro", uri=True)
        for row in db.execute(rest[0]):
            print("\t".join("" if value is None else str(value) for value in row))
    elif command == "damage-index":
        db = sqlite3.connect(path)
        size = db.execute("PRAGMA page_size").fetchone()[0]
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (rest[0],)).fetchone()[0]
        db.close()
        with open(path, "r+b") as f:
            f.seek((root - 1) * size)
            f.write(bytes([15]))
    else:
        sys.exit("sqlite_tool.py: unknown command " + command)


if __name__ == "__main__":
    main(sys.argv)
