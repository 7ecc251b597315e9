import Headway
print("headway \(HeadwayLibrary.version)")
