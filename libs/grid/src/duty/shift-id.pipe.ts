import { BadRequestException, type PipeTransform } from '@nestjs/common';

/** Shift ids are positive integers; anything else is a 400, not a database error. */
export class ShiftIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[1-9]\d{0,17}$/.test(value)) throw new BadRequestException('shiftId must be a positive integer');
    return value;
  }
}
