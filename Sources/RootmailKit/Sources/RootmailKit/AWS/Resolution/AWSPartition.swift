/// An AWS partition, told from the region name.
@_spi(RootmailHost) public enum AWSPartition: String, Sendable, Hashable {
  case aws
  case china = "aws-cn"
  case govCloud = "aws-us-gov"

  public init(region: String) {
    if region.hasPrefix("cn-") {
      self = .china
    } else if region.hasPrefix("us-gov-") {
      self = .govCloud
    } else {
      self = .aws
    }
  }

  /// The DNS suffix of its endpoints.
  public var dnsSuffix: String { self == .china ? "amazonaws.com.cn" : "amazonaws.com" }
}
