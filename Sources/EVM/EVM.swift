// The EVM module; see Package.swift for what it holds.
