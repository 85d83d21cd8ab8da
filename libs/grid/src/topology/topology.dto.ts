import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ID_PATTERN } from '@gridcell/contracts';

const ID_MESSAGE = { message: '$property must be 1-64 characters of [A-Za-z0-9._-]' };
const MAX_ITEMS = 1_000_000;

export class FeederDto {
  @ApiProperty() @Matches(ID_PATTERN, ID_MESSAGE) id!: string;
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
}

export class CellDto {
  @ApiProperty() @Matches(ID_PATTERN, ID_MESSAGE) id!: string;
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ enum: ['urban', 'rural', 'remote'] })
  @IsOptional()
  @IsIn(['urban', 'rural', 'remote'])
  areaClass?: string;
  @ApiPropertyOptional({ description: 'GeoJSON Polygon or MultiPolygon' })
  @IsOptional()
  @IsObject()
  boundary?: object;
}

export class TransformerDto {
  @ApiProperty() @Matches(ID_PATTERN, ID_MESSAGE) id!: string;
  @ApiProperty() @Matches(ID_PATTERN, ID_MESSAGE) feederId!: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, ID_MESSAGE) cellId?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(100_000) ratedKva?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(-90) @Max(90) lat?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(-180) @Max(180) lon?: number;
}

export class GatewayDto {
  @ApiProperty() @Matches(ID_PATTERN, ID_MESSAGE) id!: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, ID_MESSAGE) transformerId?: string;
}

export class CustomerDto {
  @ApiProperty() @Matches(ID_PATTERN, ID_MESSAGE) id!: string;
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 32) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() vulnerable?: boolean;
  @ApiPropertyOptional({ description: 'lets the customer sign in with their id' })
  @IsOptional()
  @IsString()
  @Length(8, 128)
  password?: string;
}

export class MeterDto {
  @ApiProperty() @Matches(ID_PATTERN, ID_MESSAGE) id!: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, ID_MESSAGE) transformerId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, ID_MESSAGE) gatewayId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, ID_MESSAGE) customerId?: string;
  @ApiPropertyOptional({ enum: [1, 3] }) @IsOptional() @IsIn([1, 3]) phases?: number;
  @ApiPropertyOptional({ description: 'reading cadence, seconds' })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(86_400)
  intervalS?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() lastGasp?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(-90) @Max(90) lat?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(-180) @Max(180) lon?: number;
}

export class StaffCellDto {
  @ApiProperty() @Matches(ID_PATTERN, ID_MESSAGE) cellId!: string;
  @ApiProperty({ enum: ['primary', 'backup'] }) @IsIn(['primary', 'backup']) role!: 'primary' | 'backup';
}

export class StaffDto {
  @ApiProperty() @Matches(ID_PATTERN, ID_MESSAGE) id!: string;
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, ID_MESSAGE) username?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(8, 128) password?: string;
  @ApiPropertyOptional({ type: [StaffCellDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => StaffCellDto)
  cells?: StaffCellDto[];
}

/** CONTRACT 2 `PUT /api/v1/topology`: every collection optional, upserted by id. */
export class TopologyDto {
  @ApiPropertyOptional({ type: [FeederDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => FeederDto)
  feeders?: FeederDto[];

  @ApiPropertyOptional({ type: [TransformerDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => TransformerDto)
  transformers?: TransformerDto[];

  @ApiPropertyOptional({ type: [GatewayDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => GatewayDto)
  gateways?: GatewayDto[];

  @ApiPropertyOptional({ type: [CellDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => CellDto)
  cells?: CellDto[];

  @ApiPropertyOptional({ type: [CustomerDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => CustomerDto)
  customers?: CustomerDto[];

  @ApiPropertyOptional({ type: [MeterDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => MeterDto)
  meters?: MeterDto[];

  @ApiPropertyOptional({ type: [StaffDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => StaffDto)
  staff?: StaffDto[];
}

export class TopologyCountsDto {
  @ApiProperty() feeders!: number;
  @ApiProperty() transformers!: number;
  @ApiProperty() gateways!: number;
  @ApiProperty() cells!: number;
  @ApiProperty() customers!: number;
  @ApiProperty() meters!: number;
  @ApiProperty() staff!: number;
}
