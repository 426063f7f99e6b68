/// How long a receiver that failed with a retryable error waits before its next attempt:
/// 30 s after the first attempt, doubling with each one (30 s, 1 min, 2 min, 4 min, …),
/// at most an hour. Attempts are made by the next `mail fetch` or `mail watch` iteration
/// after that time.
enum ReceiverBackoff {
  static let first = 30
  static let cap = 3600

  static func delay(attempts: Int) -> Int {
    let exponent = max(0, min(attempts - 1, 20))
    return min(cap, first << exponent)
  }
}
