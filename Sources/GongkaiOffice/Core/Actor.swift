import GongkaiCore
import GongkaiStore

/// Who is doing something: a logged-in staff member, a member of the public (by network address), or someone at the
/// command line (who has the database in hand, so may do everything, and is named in the audit log).
public struct Actor: Sendable {
    public enum Kind: Sendable {
        case staff(StaffUser)
        case visitor
        case commandLine
    }

    public let kind: Kind
    /// The name written in the audit log.
    public let name: String
    /// The network address (web), for limits and the audit log.
    public let address: String?

    public static func staff(_ user: StaffUser, address: String? = nil) -> Actor {
        Actor(kind: .staff(user), name: user.username, address: address)
    }

    public static func visitor(address: String) -> Actor { Actor(kind: .visitor, name: "在线申请", address: address) }

    /// `gongkai …` at the command line: `--by NAME`, else the operating-system user.
    public static func commandLine(_ name: String?) -> Actor {
        Actor(kind: .commandLine, name: name.flatMap { $0.isEmpty ? nil : $0 } ?? "命令行（\(Self.systemUser)）", address: nil)
    }

    private static var systemUser: String {
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "未知用户"
    }

    public var user: StaffUser? {
        if case let .staff(user) = kind { return user }
        return nil
    }

    public func may(_ permission: Permission) -> Bool {
        switch kind {
        case let .staff(user): user.may(permission)
        case .visitor: false
        case .commandLine: true
        }
    }

    /// Refuses the actor without the permission, naming the roles that have it.
    public func require(_ permission: Permission) throws(OfficeError) {
        guard may(permission) else {
            if case .visitor = kind { throw .unauthenticated("请先登录") }
            let roles = permission.roles.map(\.displayName).joined(separator: "、")
            throw .forbidden("需要「\(permission.displayName)」权限（\(roles)）")
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
