import ArgumentParser
import Allocator
import Foundation

/// `ledgerbench info`: the machine and build facts every benchmark row records.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the Swift version, core count and the allocator in use.")

    func run() throws {
        print(MachineInfo.report())
    }
}
