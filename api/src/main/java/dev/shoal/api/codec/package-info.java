/**
 * Bytes to JSON trees and back: manifests as kubectl and users send them (YAML, multi-document,
 * {@code kind: List}, or JSON), parsed with hard limits so that a hostile body costs a 400, not
 * the node. Pure: no I/O beyond the bytes handed in.
 */
package dev.shoal.api.codec;
