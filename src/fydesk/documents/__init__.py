"""Printed documents (PDF) over plain values: GB/T 9704 pages, embedded CJK fonts, charts."""
