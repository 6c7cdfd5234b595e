// The Execution module; see Package.swift for what it holds.
