"""The minimal baseline for sync throughput: a bare HTTP endpoint that inserts a batch
of JSON documents into SQLite, with no auth, validation, idempotency or feed."""

from __future__ import annotations

import json
import sqlite3
import sys

import uvicorn
from fastapi import FastAPI, Request

app = FastAPI()
conn = sqlite3.connect(sys.argv[1], check_same_thread=False, isolation_level=None)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, body TEXT NOT NULL)")


@app.post("/batch")
async def batch(request: Request) -> dict[str, int]:
    items = (await request.json())["items"]
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT OR IGNORE INTO docs (id, body) VALUES (?, ?)",
        [(item["document"]["id"], json.dumps(item["document"])) for item in items],
    )
    conn.execute("COMMIT")
    return {"stored": len(items)}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
