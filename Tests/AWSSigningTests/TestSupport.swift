import Foundation
import RootmailKit

/// A temporary folder removed when the value goes away.
final class TempFolder {
  let path: String

  init() throws {
    path = FileManager.default.temporaryDirectory.path + "/rootmail-aws-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// Writes `text` to `name` inside the folder, returns its path.
  @discardableResult
  func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
    let file = path + "/" + name
    try FileManager.default.createDirectory(
      atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file) }
    return file
  }
}

/// A provider that answers with fixed credentials and counts its calls.
final class CountingProvider: AWSCredentialProvider, @unchecked Sendable {
  private let lock = NSLock()
  private var calls = 0
  let answer: @Sendable (Int) throws -> AWSCredentials?

  init(_ answer: @escaping @Sendable (Int) throws -> AWSCredentials?) { self.answer = answer }

  var callCount: Int { lock.withLock { calls } }

  func credentials() async throws -> AWSCredentials? {
    let n = lock.withLock {
      calls += 1
      return calls
    }
    return try answer(n)
  }
}

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
  private let lock = NSLock()
  private var current: Date
  init(_ start: Date) { current = start }
  var now: Date { lock.withLock { current } }
  func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}
