#!/usr/bin/env python3
"""Golden vectors for the event-stream decoder (tests/CloudWatcher.Tests/Wire/EventStreamVectorTests.cs).

Rerun from the repository root after changing a case:

    python3 tests/data/eventstream/make_vectors.py

It needs botocore (pip install botocore; written against 1.43) and writes vectors.json beside this script.

Why this is a third party's word and not ours: botocore has a decoder but no encoder, so the frames are built here
with struct and zlib.crc32 straight from the wire format, then every frame is fed to botocore's EventStreamBuffer
(one byte at a time, as a network might deliver it) and the headers and payload written to vectors.json are the
ones botocore decoded, not the ones we meant. The first case is the 61-byte message from aws-sdk-go's decoder test
(private/protocol/eventstream/decode_test.go, testEncodedMsg), copied byte for byte, so the builder is also checked
against an encoder AWS wrote. The negative cases are frames botocore must refuse.
"""

import json
import os
import struct
import zlib

from botocore.eventstream import ChecksumMismatch, EventStreamBuffer

BOOL_TRUE, BOOL_FALSE, BYTE, SHORT, INT, LONG, BYTES, STRING, TIMESTAMP, UUID = range(10)


def encode_value(kind, value):
    if kind in (BOOL_TRUE, BOOL_FALSE):
        return b""
    if kind == BYTE:
        return struct.pack("!b", value)
    if kind == SHORT:
        return struct.pack("!h", value)
    if kind == INT:
        return struct.pack("!i", value)
    if kind in (LONG, TIMESTAMP):
        return struct.pack("!q", value)
    if kind == BYTES:
        return struct.pack("!H", len(value)) + value
    if kind == STRING:
        data = value.encode("utf-8")
        return struct.pack("!H", len(data)) + data
    if kind == UUID:
        assert len(value) == 16
        return value
    raise ValueError(kind)


def encode_headers(headers):
    out = b""
    for name, kind, value in headers:
        raw = name.encode("utf-8")
        out += struct.pack("!B", len(raw)) + raw + struct.pack("!B", kind) + encode_value(kind, value)
    return out


def frame(headers, payload):
    block = encode_headers(headers)
    prelude = struct.pack("!II", 16 + len(block) + len(payload), len(block))
    body = prelude + struct.pack("!I", zlib.crc32(prelude)) + block + payload
    return body + struct.pack("!I", zlib.crc32(body))


def botocore_decode(data):
    buffer = EventStreamBuffer()
    messages = []
    for i in range(len(data)):
        buffer.add_data(data[i:i + 1])
        messages.extend(buffer)
    assert len(messages) == 1, f"botocore read {len(messages)} messages"
    return messages[0]


def as_json(kind, value):
    if kind in (BYTES, UUID):
        return value.hex()
    return value


def positive(name, headers, payload, expect_hex=None):
    data = frame(headers, payload)
    if expect_hex is not None:
        assert data.hex() == expect_hex, f"{name}: our framing differs from the recorded bytes"
    message = botocore_decode(data)
    assert len(message.headers) == len(headers), f"{name}: botocore decoded {len(message.headers)} headers"
    decoded = []
    for header_name, kind, value in headers:
        got = message.headers[header_name]
        if kind in (BOOL_TRUE, BOOL_FALSE):
            assert got is (kind == BOOL_TRUE), f"{name}: {header_name}"
        else:
            assert got == value, f"{name}: {header_name}: botocore read {got!r}, we wrote {value!r}"
        decoded.append({"name": header_name, "type": kind, "value": as_json(kind, got)})
    assert message.payload == payload, f"{name}: payload"
    return {"name": name, "hex": data.hex(), "headers": decoded, "payload_hex": message.payload.hex()}


def negative(name, data, problem):
    try:
        botocore_decode(data)
    except ChecksumMismatch as error:
        return {"name": name, "hex": data.hex(), "botocore": type(error).__name__, "problem": problem}
    raise AssertionError(f"{name}: botocore accepted a corrupt frame")


def flip(data, index):
    copy = bytearray(data)
    copy[index] ^= 0x01
    return bytes(copy)


def live_tail_json(value):
    return json.dumps(value, separators=(",", ":")).encode("utf-8")


GROUP_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:/app/web"

SESSION_START = {
    "requestId": "5d8e2c3a-1b4f-4e6a-9c7d-0a1b2c3d4e5f",
    "sessionId": "a1b2c3d4-e5f6-4a5b-8c9d-0e1f2a3b4c5d",
    "logGroupIdentifiers": [GROUP_ARN],
    "logStreamNames": ["web-1"],
    "logStreamNamePrefixes": [],
    "logEventFilterPattern": "ERROR",
}

SESSION_UPDATE = {
    "sessionMetadata": {"sampled": False},
    "sessionResults": [
        {"logStreamName": "web-1", "logGroupIdentifier": GROUP_ARN, "message": "ERROR payment declined id=42",
         "timestamp": 1718006400000, "ingestionTime": 1718006400250},
        {"logStreamName": "web-1", "logGroupIdentifier": GROUP_ARN, "message": "ERROR timeout after 30s \u2713",
         "timestamp": 1718006400500, "ingestionTime": 1718006400700},
    ],
}


def cases():
    aws_sdk_go = bytes([
        0, 0, 0, 61, 0, 0, 0, 32, 7, 253, 131, 150, 12, 99, 111, 110, 116, 101, 110, 116, 45, 116, 121, 112, 101, 7,
        0, 16, 97, 112, 112, 108, 105, 99, 97, 116, 105, 111, 110, 47, 106, 115, 111, 110, 123, 39, 102, 111, 111, 39,
        58, 39, 98, 97, 114, 39, 125, 141, 156, 8, 177])
    yield positive("aws-sdk-go testEncodedMsg", [("content-type", STRING, "application/json")], b"{'foo':'bar'}",
                   expect_hex=aws_sdk_go.hex())
    yield positive("every header type", [
        ("bool-true", BOOL_TRUE, True),
        ("bool-false", BOOL_FALSE, False),
        ("byte", BYTE, -49),
        ("short", SHORT, -32768),
        ("int", INT, 40972),
        ("long", LONG, 9223372036854775807),
        ("bytes", BYTES, bytes([0, 1, 127, 128, 255])),
        ("string", STRING, "caf\u00e9 \u2713 \U0001F600"),
        ("timestamp", TIMESTAMP, 1718006400123),
        ("uuid", UUID, bytes(range(16))),
    ], bytes([0, 255, 16, 32]))
    yield positive("edge values", [
        ("n" * 255, STRING, ""),
        ("empty-bytes", BYTES, b""),
        ("long-min", LONG, -9223372036854775808),
        ("int-min", INT, -2147483648),
        ("byte-max", BYTE, 127),
        ("before-epoch", TIMESTAMP, -1),
        ("uuid-ff", UUID, bytes([0xFF] * 8 + [0x80] + [0] * 7)),
    ], b"")
    yield positive("empty message", [], b"")
    yield positive("payload only", [], b"just a payload")
    yield positive("StartLiveTail sessionStart", [
        (":event-type", STRING, "sessionStart"),
        (":content-type", STRING, "application/json"),
        (":message-type", STRING, "event"),
    ], live_tail_json(SESSION_START))
    yield positive("StartLiveTail sessionUpdate", [
        (":event-type", STRING, "sessionUpdate"),
        (":content-type", STRING, "application/json"),
        (":message-type", STRING, "event"),
    ], live_tail_json(SESSION_UPDATE))
    yield positive("StartLiveTail SessionTimeoutException", [
        (":exception-type", STRING, "SessionTimeoutException"),
        (":content-type", STRING, "application/json"),
        (":message-type", STRING, "exception"),
    ], live_tail_json({"message": "Live Tail session timed out after 3 hours"}))
    yield positive("error message", [
        (":error-code", STRING, "InternalFailure"),
        (":error-message", STRING, "An internal error occurred"),
        (":message-type", STRING, "error"),
    ], b"")


def negative_cases():
    good = frame([(":message-type", STRING, "event"), (":event-type", STRING, "sessionUpdate")], b'{"sessionResults":[]}')
    yield negative("prelude byte flipped", flip(good, 5), "prelude CRC")
    yield negative("prelude CRC flipped", flip(good, 9), "prelude CRC")
    yield negative("payload byte flipped", flip(good, len(good) - 6), "message CRC")
    yield negative("message CRC flipped", flip(good, len(good) - 1), "message CRC")


def main():
    document = {
        "generator": "tests/data/eventstream/make_vectors.py",
        "decoded_by": "botocore.eventstream.EventStreamBuffer",
        "positive": list(cases()),
        "negative": list(negative_cases()),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors.json")
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
    print(f"wrote {len(document['positive'])} positive and {len(document['negative'])} negative vectors to {path}")


if __name__ == "__main__":
    main()
