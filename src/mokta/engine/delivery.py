"""Event-hook delivery: each System Log event an ACTIVE, VERIFIED hook subscribes to becomes a row in a durable
outbox, written in the same transaction as the change; a background worker in every server process leases due rows,
POSTs Okta's payload to the hook, and retries failures with backoff. Rows survive restarts, several workers share the
outbox safely through leases, and a slow or failing endpoint never holds up an API request."""

from __future__ import annotations

import json
import threading
import time
import uuid
from typing import Any

from mokta.engine import events, outbound
from mokta.store.base import Store
from mokta.types import Context, Document

HOOKS = "/api/v1/eventHooks"
POLL_SECONDS = 0.2
LEASE_SECONDS = 30.0
MAX_ATTEMPTS = 8  # then the delivery is given up and logged as failed
BATCH = 20


def enqueue(ctx: Context, event: Document) -> None:
    """Queue the event for every hook that wants it (the caller's transaction is still open)."""
    for _, path, hook in ctx.tx.list(ctx.org, HOOKS):
        if hook.get("status") != "ACTIVE" or hook.get("verificationStatus") != "VERIFIED":
            continue
        if event["eventType"] not in ((hook.get("events") or {}).get("items") or []):
            continue
        payload = {
            "eventType": "com.okta.event_hook", "eventTypeVersion": "1.0", "cloudEventsVersion": "0.1",
            "source": ctx.url(path), "eventId": str(uuid.uuid4()), "eventTime": event["published"],
            "contentType": "application/json", "data": {"events": [event]},
        }
        ctx.tx.enqueue_delivery(str(uuid.uuid4()), ctx.org, path, json.dumps(payload), time.time())


def backoff(attempts: int) -> float:
    return float(min(2 ** (attempts - 1), 60))


class Deliverer:
    """The background worker of one server process."""

    def __init__(self, store: Store, schemas: Any) -> None:
        self.store = store
        self.schemas = schemas
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="mokta-hook-delivery", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                worked = self.deliver_due()
            except Exception:  # a broken row or a lost database connection must not end the worker
                worked = False
            if not worked:
                self._stop.wait(POLL_SECONDS)

    def deliver_due(self) -> bool:
        with self.store.transaction() as tx:
            claimed = tx.claim_deliveries(time.time(), LEASE_SECONDS, BATCH)
        for delivery_id, org, hook_path, payload, attempts in claimed:
            self._deliver(delivery_id, org, hook_path, payload, attempts)
        return bool(claimed)

    def _deliver(self, delivery_id: str, org: str, hook_path: str, payload: str, attempts: int) -> None:
        with self.store.transaction(write=False) as tx:
            hook = tx.get(org, hook_path)
        if hook is None:
            with self.store.transaction() as tx:
                tx.finish_delivery(delivery_id)
            return
        config = (hook.get("channel") or {}).get("config") or {}
        try:
            status, _ = outbound.call(str(config.get("uri")), "POST", outbound.channel_headers(config),
                                      json.loads(payload))
            ok, reason = 200 <= status < 300, f"the endpoint answered {status}"
        except (OSError, ValueError) as e:
            ok, reason = False, f"{type(e).__name__}: {e}"
        with self.store.transaction() as tx:
            if ok:
                tx.finish_delivery(delivery_id)
                events.system_record(tx, self.schemas, org, "event_hook.delivery", "SUCCESS", None, hook, hook_path)
            elif attempts + 1 >= MAX_ATTEMPTS:
                tx.finish_delivery(delivery_id)
                events.system_record(tx, self.schemas, org, "event_hook.delivery", "FAILURE", reason, hook, hook_path)
            else:
                tx.retry_delivery(delivery_id, attempts + 1, time.time() + backoff(attempts + 1))
