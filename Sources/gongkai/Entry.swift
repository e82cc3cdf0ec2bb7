import ArgumentParser
import GongkaiCLI

@main
enum Entry {
    static func main() async {
        await GongkaiCommand.main()
    }
}
