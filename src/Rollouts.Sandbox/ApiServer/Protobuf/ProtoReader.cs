namespace Rollouts.Sandbox.ApiServer.Protobuf;

/// <summary>How a protobuf field's value is laid out on the wire.</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    Fixed32 = 5,
}

/// <summary>One field read from a protobuf message: its number, wire type, and value (a number or bytes).</summary>
internal readonly record struct ProtoField(int Number, WireType Type, ulong Number64, ReadOnlyMemory<byte> Bytes);

/// <summary>Reads the fields of one protobuf message in wire order.</summary>
internal static class ProtoReader
{
    /// <summary>Every field of <paramref name="message"/>, in the order written.</summary>
    /// <exception cref="FormatException">The bytes are not a well-formed message.</exception>
    public static List<ProtoField> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<ProtoField>();
        var position = 0;
        var span = message.Span;
        while (position < span.Length)
        {
            var tag = Varint(span, ref position);
            var number = (int)(tag >> 3);
            var type = (WireType)(tag & 7);
            if (number <= 0)
            {
                throw new FormatException($"field number {number} at byte {position}");
            }

            switch (type)
            {
                case WireType.Varint:
                    fields.Add(new ProtoField(number, type, Varint(span, ref position), default));
                    break;
                case WireType.Fixed64:
                    fields.Add(new ProtoField(number, type, BitConverter.ToUInt64(Take(span, ref position, 8)), default));
                    break;
                case WireType.Fixed32:
                    fields.Add(new ProtoField(number, type, BitConverter.ToUInt32(Take(span, ref position, 4)), default));
                    break;
                case WireType.LengthDelimited:
                    var length = Varint(span, ref position);
                    if (length > (ulong)(span.Length - position))
                    {
                        throw new FormatException($"field {number} claims {length} bytes, {span.Length - position} are left");
                    }

                    fields.Add(new ProtoField(number, type, 0, message.Slice(position, (int)length)));
                    position += (int)length;
                    break;
                default:
                    throw new FormatException($"field {number} has the unsupported wire type {(int)type}");
            }
        }

        return fields;
    }

    private static ulong Varint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= span.Length)
            {
                throw new FormatException("a varint runs past the end of the message");
            }

            var b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("a varint is longer than 10 bytes");
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> span, ref int position, int count)
    {
        if (position + count > span.Length)
        {
            throw new FormatException("a fixed-size field runs past the end of the message");
        }

        var taken = span.Slice(position, count);
        position += count;
        return taken;
    }
}
