import Foundation

/// The stack a test's code runs on, as the kernel maps it: for tests of work that must run on a
/// stack of a given size (mail parsing).
public enum StackMapping {
  /// The size of the mapping (in /proc/self/maps) that holds a local of the calling code: the
  /// stack it runs on; 0 when it cannot be read.
  public static func current() -> Int {
    var local = 0
    let address = withUnsafeMutablePointer(to: &local) { UInt(bitPattern: $0) }
    guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return 0 }
    for line in maps.split(separator: "\n") {
      let range = line.prefix { $0 != " " }.split(separator: "-").compactMap { UInt($0, radix: 16) }
      if range.count == 2 && range[0] <= address && address < range[1] { return Int(range[1] - range[0]) }
    }
    return 0
  }
}
