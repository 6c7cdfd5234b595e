// The Conformance module; see Package.swift for what it holds.
